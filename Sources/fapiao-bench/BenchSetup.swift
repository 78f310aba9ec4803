import FapiaoAPI
import FapiaoClient
import FapiaoTransport
import FapiaoWire
import Foundation

/// Tenants, keys and invoices that a run needs, made before the timed part.
struct BenchSetup {
    /// API key of each tenant that calls go to; empty for health checks,
    /// which need no key.
    var tenantKeys: [String] = []
    /// Invoice ids that a get run reads, as (tenant index, id).
    var invoices: [(tenant: Int, id: String)] = []

    /// Limits that keep the per-tenant rate limiter out of the measurement.
    static let unthrottledSettings = TenantSettings(
        rateLimitPerSecond: 1_000_000, rateLimitBurst: 1_000_000, maxConcurrentCalls: 10_000)

    /// Creates the tenants of `options` with the operator key, raises their
    /// limits and, for get, issues the invoices to read.
    static func prepare(_ options: BenchOptions, address: (host: String, port: Int)) throws -> BenchSetup {
        var setup = BenchSetup()
        if options.method == .health { return setup }
        if let path = options.tenantKeyFile {
            setup.tenantKeys = [try readKey(path, option: "--tenant-key-file")]
        } else {
            let operatorClient = try connect(address, options: options, apiKey: try readKey(options.keyFile, option: "--key-file"))
            defer { operatorClient.close() }
            for index in 0..<options.tenants {
                let created = try operatorClient.call(
                    MethodNames.createTenant, CreateTenantRequest(name: "\(options.tenantPrefix)-\(index)"),
                    as: CreateTenantResponse.self)
                guard let tenantID = created.tenant?.id else {
                    throw CallStatus(code: .internal, message: "CreateTenant replied without a tenant")
                }
                _ = try operatorClient.call(
                    MethodNames.updateTenantSettings,
                    UpdateTenantSettingsRequest(id: tenantID, settings: unthrottledSettings),
                    as: Tenant.self)
                setup.tenantKeys.append(created.apiKey)
            }
        }
        if options.method == .get {
            for (tenant, key) in setup.tenantKeys.enumerated() {
                let client = try connect(address, options: options, apiKey: key)
                defer { client.close() }
                for _ in 0..<options.getInvoices {
                    var metadata = Metadata()
                    metadata.add(Metadata.Key.idempotencyKey, UUID().uuidString)
                    let response = try client.call(
                        MethodNames.issueInvoice, BenchRequests.invoice(), as: IssueInvoiceResponse.self,
                        metadata: metadata)
                    guard let id = response.invoice?.id else {
                        throw CallStatus(code: .internal, message: "IssueInvoice replied without an invoice")
                    }
                    setup.invoices.append((tenant, id))
                }
            }
        }
        return setup
    }

    static func connect(
        _ address: (host: String, port: Int), options: BenchOptions, apiKey: String?,
        loop: EventLoop? = nil
    ) throws -> FapiaoClient {
        try FapiaoClient(
            configuration: ClientConfiguration(
                host: address.host, port: address.port,
                trustedAuthorities: URL(fileURLWithPath: options.caCertificate), apiKey: apiKey,
                defaultTimeout: .milliseconds(Int64(options.timeout * 1000))),
            loop: loop)
    }

    static func readKey(_ path: String, option: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BenchUsageError("cannot read the API key file '\(path)': pass \(option)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Request bodies of the benchmarked methods.
enum BenchRequests {
    /// A five-line invoice at 13 %, 9 % and 6 % between two companies.
    static func invoice() -> IssueInvoiceRequest {
        var request = IssueInvoiceRequest()
        request.currency = "CNY"
        request.seller = Party(
            name: "深圳市示例科技有限公司", taxID: "914403001922038216", address: "深圳市南山区科技园",
            phone: "0755-86000000", bankName: "招商银行深圳分行", bankAccount: "755900000010101")
        request.buyer = Party(
            name: "上海样例贸易有限公司", taxID: "91310115MA1K4CXM16", address: "上海市浦东新区",
            phone: "021-58000000")
        request.lines = [
            InvoiceLineInput(
                itemName: "笔记本电脑", specification: "14 英寸", unit: "台", quantity: "3",
                unitPrice: "5299.00", taxRate: "0.13"),
            InvoiceLineInput(
                itemName: "显示器", specification: "27 英寸", unit: "台", quantity: "2",
                unitPrice: "1091.50", taxRate: "0.13"),
            InvoiceLineInput(
                itemName: "无线键盘", unit: "个", quantity: "5", unitPrice: "199.00", taxRate: "0.13"),
            InvoiceLineInput(
                itemName: "物流运输服务", unit: "次", quantity: "1", unitPrice: "320.00", taxRate: "0.09"),
            InvoiceLineInput(
                itemName: "维护服务", unit: "年", quantity: "1.5", unitPrice: "1333.33", taxRate: "0.06"),
        ]
        request.remarks = "合同号 HT-2024-0815"
        request.issuer = "王芳"
        return request
    }
}
