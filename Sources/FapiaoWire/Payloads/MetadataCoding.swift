import CFapiaoProto

extension Metadata {
    /// Builds repeated `fapiao.wire.v1.MetadataEntry` fields in `arena`.
    func protobufEntries(
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<UnsafeMutablePointer<Fapiao__Wire__V1__MetadataEntry>?>? {
        let pointers = entries.map { entry in
            arena.message(Fapiao__Wire__V1__MetadataEntry.self) { pointer in
                fapiao__wire__v1__metadata_entry__init(pointer)
                pointer.pointee.key = arena.string(entry.key)
                pointer.pointee.value = arena.bytes(entry.value)
            }
        }
        return arena.pointerArray(pointers)
    }

    /// Reads repeated `fapiao.wire.v1.MetadataEntry` fields.
    init(
        protobufEntries: UnsafeMutablePointer<
            UnsafeMutablePointer<Fapiao__Wire__V1__MetadataEntry>?
        >?,
        count: Int
    ) {
        self.init(
            ProtobufField.array(protobufEntries, count: count).map { entry in
                Entry(
                    key: ProtobufField.string(entry.pointee.key),
                    value: ProtobufField.bytes(entry.pointee.value))
            })
    }
}
