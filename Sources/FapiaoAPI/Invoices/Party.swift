import CFapiaoProto
import FapiaoWire

/// Seller or buyer of an invoice (`fapiao.invoice.v1.Party`).
public struct Party: Sendable, Equatable, Codable {
    public var name: String
    /// Unified social credit code (USCC) or another tax id.
    public var taxID: String
    public var address: String
    public var phone: String
    public var bankName: String
    public var bankAccount: String

    public init(
        name: String = "", taxID: String = "", address: String = "", phone: String = "",
        bankName: String = "", bankAccount: String = ""
    ) {
        self.name = name
        self.taxID = taxID
        self.address = address
        self.phone = phone
        self.bankName = bankName
        self.bankAccount = bankAccount
    }

    static let jsonFields = ["name", "taxId", "address", "phone", "bankName", "bankAccount"]

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: "fapiao.invoice.v1.Party", fields: Party.jsonFields)
        self.init(
            name: try json.string("name"), taxID: try json.string("taxId"),
            address: try json.string("address"), phone: try json.string("phone"),
            bankName: try json.string("bankName"), bankAccount: try json.string("bankAccount"))
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("name", name)
        try json.string("taxId", taxID)
        try json.string("address", address)
        try json.string("phone", phone)
        try json.string("bankName", bankName)
        try json.string("bankAccount", bankAccount)
    }

    func protobuf(in arena: ProtobufArena) -> UnsafeMutablePointer<Fapiao__Invoice__V1__Party> {
        arena.message(Fapiao__Invoice__V1__Party.self) { pointer in
            fapiao__invoice__v1__party__init(pointer)
            pointer.pointee.name = arena.string(name)
            pointer.pointee.tax_id = arena.string(taxID)
            pointer.pointee.address = arena.string(address)
            pointer.pointee.phone = arena.string(phone)
            pointer.pointee.bank_name = arena.string(bankName)
            pointer.pointee.bank_account = arena.string(bankAccount)
        }
    }

    init?(protobuf pointer: UnsafeMutablePointer<Fapiao__Invoice__V1__Party>?) {
        guard let party = pointer?.pointee else { return nil }
        self.init(
            name: ProtobufField.string(party.name), taxID: ProtobufField.string(party.tax_id),
            address: ProtobufField.string(party.address),
            phone: ProtobufField.string(party.phone),
            bankName: ProtobufField.string(party.bank_name),
            bankAccount: ProtobufField.string(party.bank_account))
    }
}
