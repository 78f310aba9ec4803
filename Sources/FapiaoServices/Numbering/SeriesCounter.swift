/// Assigns gapless invoice numbers from the counter row of a series.
///
/// The counter row is updated in the issuing transaction: the row lock
/// serialises issuances within one series, and a rollback returns the
/// number, so numbers run 1, 2, 3, ... with no gap and no duplicate.
/// PostgreSQL sequences would not do, because nextval is never rolled back.
/// The lock lasts until COMMIT, so `IssuingStatement` takes the number in
/// the transaction's last statement.
enum SeriesCounter {
    /// Two common table expressions that take the next number of series `$2`
    /// of tenant `$1`. `taken` updates the counter row. `number` has no row
    /// when the tenant has no such series, or else one row with `number`,
    /// `issued_at` and `display_number`.
    ///
    /// Parameter `$50` is the call's time left in milliseconds (`SeriesQueue`),
    /// counted from the setting `fapiao.batch_started` in a batch, or else
    /// from the statement's start. Past that, `taken` leaves the counter
    /// alone and `number` has no row. NULL means no such limit.
    ///
    /// `issued_at` is the clock time after the row lock was granted, so that
    /// in a series a higher number never has an earlier issue time while the
    /// clock runs forward. The display number is `<prefix>-<year>-<number
    /// padded to the series width>`, with the year of `issued_at` in China
    /// Standard Time, or without the year when the series leaves it out.
    static let numberingCTEs = """
        taken AS (
            UPDATE invoice_series SET next_number = next_number + 1
                WHERE tenant_id = $1 AND series = $2
                    AND ($50::bigint IS NULL OR clock_timestamp()
                        < coalesce(
                            nullif(current_setting('fapiao.batch_started', true), '')::timestamptz,
                            statement_timestamp())
                            + $50::bigint * interval '1 millisecond')
                RETURNING next_number - 1 AS number, display_prefix, include_year, number_width,
                    clock_timestamp() AS issued_at
        ),
        number AS (
            SELECT number, issued_at,
                display_prefix
                    || CASE WHEN include_year
                        THEN '-' || to_char(issued_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') ELSE '' END
                    || '-' || lpad(number::text, greatest(number_width, length(number::text)), '0')
                    AS display_number
            FROM taken
        )
        """
}
