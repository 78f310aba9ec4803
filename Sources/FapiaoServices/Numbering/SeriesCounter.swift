/// Assigns gapless invoice numbers from the counter row of a series.
///
/// The counter row is updated in the issuing transaction: the row lock
/// serialises issuances within one series, and a rollback returns the
/// number, so numbers run 1, 2, 3, ... with no gap and no duplicate.
/// PostgreSQL sequences would not do, because nextval is never rolled back.
/// The lock lasts until COMMIT, so `IssuingStatement` takes the number in
/// the transaction's last statement.
enum SeriesCounter {
    /// The UPDATE that takes the next number of series `$2` of tenant `$1`.
    /// It returns no row when the tenant has no such series, or else
    /// `number` and `display_number`: `<prefix>-<year>-<number padded to the
    /// series width>`, the year as in China Standard Time at the
    /// transaction's start, or without the year when the series leaves it out.
    static let takeNextNumber = """
        UPDATE invoice_series SET next_number = next_number + 1
            WHERE tenant_id = $1 AND series = $2
            RETURNING next_number - 1 AS number,
                display_prefix
                    || CASE WHEN include_year
                        THEN '-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') ELSE '' END
                    || '-' || lpad((next_number - 1)::text,
                        greatest(number_width, length((next_number - 1)::text)), '0')
                    AS display_number
        """
}
