import FapiaoAPI
import FapiaoLogging
@testable import FapiaoServices
import FapiaoStore
import FapiaoTestSupport
import Foundation
import Testing

/// Plan checks of the ListInvoices page statements, which must read an index
/// in page order. A sort of a tenant's whole table took 1.5 s per page at a
/// million invoices. With sorting disabled the planner still sorts when no
/// index gives the order, so a `Sort` node in the plan fails the test.
@Suite struct InvoiceQueryPlanTests {
    static let tenantID = "5a7d9e85-ecea-4ce8-b70e-8e19ce8fcc2e"

    private static func plan(
        filter: InvoiceFilter?, cursor: InvoiceQuery.Cursor?, on connection: PostgresConnection
    ) throws -> String {
        let query = try InvoiceQuery(tenantID: tenantID, filter: filter)
        let statement = query.statement(after: cursor, limit: 101)
        let rows = try connection.query("EXPLAIN " + statement.sql, statement.parameters)
        return (0..<rows.rowCount).compactMap { rows[$0, "QUERY PLAN"] }.joined(separator: "\n")
    }

    /// Applies the migrations to `database` and returns a connection to it.
    private static func migrated(_ database: TestDatabase) throws -> PostgresConnection {
        let connection = try database.connect()
        let migrations = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Migrations")
        _ = try MigrationRunner(
            directory: migrations, logger: Logger(label: "plan-test", sink: .memory())
        ).migrate(using: connection)
        return connection
    }

    @Test func invoiceColumnNamesMatch() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try Self.migrated(database)
        defer { connection.close() }

        let rows = try connection.query(
            """
            SELECT \(InvoiceRepository.headerColumns), \(InvoiceRepository.lineColumns)
            FROM invoices LEFT JOIN invoice_lines USING (tenant_id, invoice_id)
            """)
        #expect(rows.columns == InvoiceRepository.headerNames + InvoiceRepository.lineNames)
    }

    @Test func pagesReadAnIndexInOrder() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try Self.migrated(database)
        defer { connection.close() }
        try connection.execute(script: "SET enable_sort = off; SET enable_seqscan = off")

        var byStatus = InvoiceFilter()
        byStatus.status = .issued
        var byBuyer = InvoiceFilter()
        byBuyer.buyerTaxID = "91310115MA1K4CXM16"
        let cursor = InvoiceQuery.Cursor(
            issuedAt: "2026-12-04T10:00:00.000000Z", invoiceID: "0b6e2c5e-58c4-4d8a-9a57-3f7f3b9d7c11")
        for (name, filter) in [("no filter", nil), ("status", byStatus), ("buyer", byBuyer)] {
            for position in [nil, cursor] {
                let plan = try Self.plan(filter: filter, cursor: position, on: connection)
                #expect(!plan.contains("Sort"), "\(name), cursor \(position != nil): \(plan)")
                #expect(plan.contains("Index"), "\(name), cursor \(position != nil): \(plan)")
            }
        }
    }
}
