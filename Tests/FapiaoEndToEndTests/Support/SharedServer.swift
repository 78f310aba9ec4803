import FapiaoAPI
import FapiaoClient
import FapiaoWire
import Foundation

/// One server shared by the tests that do not stop or restart it; started
/// on first use and stopped when the test process exits.
enum SharedServer {
    /// Client certificates whose authority the shared server accepts.
    static let certificates: ClientCertificates = {
        do {
            return try ClientCertificates(names: ["alice", "bob", "carol"])
        } catch {
            fatalError("test client certificates could not be made: \(error)")
        }
    }()

    static let instance: ServerProcess = {
        do {
            let server = try ServerProcess(environment: ["FAPIAO_TLS_CLIENT_CA": certificates.authority.path])
            atexit {
                SharedServer.instance.remove()
                SharedServer.certificates.remove()
            }
            return server
        } catch {
            fatalError("shared test server failed to start: \(error)")
        }
    }()

    /// Creates a tenant and returns its administrator's API key.
    static func createTenant(_ name: String, on server: ServerProcess = instance) throws -> CreateTenantResponse {
        let operatorClient = try server.client()
        defer { operatorClient.close() }
        return try operatorClient.call(
            MethodNames.createTenant, CreateTenantRequest(name: name), as: CreateTenantResponse.self)
    }
}

/// Returns a realistic request: two lines at 13 % and one at 6 %.
func sampleInvoiceRequest(buyer: String = "上海样例贸易有限公司") -> IssueInvoiceRequest {
    var request = IssueInvoiceRequest()
    request.currency = "CNY"
    request.seller = Party(
        name: "深圳市示例科技有限公司", taxID: "914403001922038216", address: "深圳市南山区",
        phone: "0755-86000000", bankName: "招商银行", bankAccount: "755900000010101")
    request.buyer = Party(name: buyer, taxID: "91310115MA1K4CXM16")
    request.lines = [
        InvoiceLineInput(
            itemName: "笔记本电脑", specification: "14 英寸", unit: "台", quantity: "3",
            unitPrice: "5299.00", taxRate: "0.13"),
        InvoiceLineInput(
            itemName: "显示器", unit: "台", quantity: "2", unitPrice: "1091.50", taxRate: "0.13"),
        InvoiceLineInput(
            itemName: "维护服务", unit: "年", quantity: "1.5", unitPrice: "1333.33", taxRate: "0.06"),
    ]
    request.remarks = "合同号 HT-1"
    request.issuer = "王芳"
    return request
}

func idempotencyMetadata(_ key: String = UUID().uuidString) -> Metadata {
    var metadata = Metadata()
    metadata.add(Metadata.Key.idempotencyKey, key)
    return metadata
}

/// Runs `body` and returns the status it throws; fails the test when it throws none.
func expectStatus(_ body: () throws -> Void) -> CallStatus? {
    do {
        try body()
        return nil
    } catch let status as CallStatus {
        return status
    } catch {
        return CallStatus(code: .unknown, message: "unexpected error \(error)")
    }
}
