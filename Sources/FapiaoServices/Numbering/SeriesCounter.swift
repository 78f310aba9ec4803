import FapiaoStore

/// A number taken from a series inside the issuing transaction.
struct NumberAssignment: Sendable, Equatable {
    let number: Int
    /// `<prefix>-<year>-<number padded to the series width>`, the year as
    /// in China Standard Time at issuance, or without the year when the
    /// series leaves it out.
    let displayNumber: String
    /// Issue time, the transaction's start time, as PostgreSQL timestamptz text.
    let issuedAt: String
}

/// Assigns gapless invoice numbers from the counter row of a series.
///
/// The counter row is updated in the issuing transaction: the row lock
/// serialises issuances within one series, and a rollback returns the
/// number, so numbers run 1, 2, 3, ... with no gap and no duplicate.
/// PostgreSQL sequences would not do, because nextval is never rolled back.
enum SeriesCounter {
    /// Takes the next number of `series`; nil when the tenant has no such series.
    static func next(
        tenantID: String, series: String, on connection: PostgresConnection
    ) throws
        -> NumberAssignment?
    {
        let result = try connection.queryPrepared(
            """
            UPDATE invoice_series SET next_number = next_number + 1
            WHERE tenant_id = $1 AND series = $2
            RETURNING next_number - 1 AS number,
                display_prefix
                    || CASE WHEN include_year
                        THEN '-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') ELSE '' END
                    || '-' || lpad((next_number - 1)::text,
                        greatest(number_width, length((next_number - 1)::text)), '0')
                    AS display_number,
                now()::text AS issued_at
            """, [tenantID, series])
        guard result.rowCount == 1 else { return nil }
        return NumberAssignment(
            number: try result.int(row: 0, column: "number"),
            displayNumber: try result.string(row: 0, column: "display_number"),
            issuedAt: try result.string(row: 0, column: "issued_at"))
    }
}
