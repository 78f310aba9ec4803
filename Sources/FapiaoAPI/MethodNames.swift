/// gRPC-form paths of every RPC method the server serves.
public enum MethodNames {
    public static let issueInvoice = "/fapiao.invoice.v1.InvoiceService/IssueInvoice"
    public static let getInvoice = "/fapiao.invoice.v1.InvoiceService/GetInvoice"
    public static let createTenant = "/fapiao.tenant.v1.TenantService/CreateTenant"
    public static let healthCheck = "/grpc.health.v1.Health/Check"
    public static let healthWatch = "/grpc.health.v1.Health/Watch"
}
