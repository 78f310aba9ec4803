/// Queue of bytes waiting for SSL_write.
///
/// Small writes are appended to the last chunk, so they go out in one TLS
/// record. Large writes are kept as their own chunk, so they are not copied.
/// The front chunk may grow while a write of it is pending, which OpenSSL
/// allows with SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER as long as the retried
/// length does not shrink.
struct OutboundBuffer {
    /// Chunks smaller than this receive the following small writes.
    private static let coalescingLimit = 16 * 1024

    private var chunks: [[UInt8]] = []
    private var headIndex = 0
    private var headOffset = 0

    private(set) var byteCount = 0

    var isEmpty: Bool { byteCount == 0 }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else {
            return
        }
        byteCount += bytes.count
        if chunks.count > headIndex,
            chunks[chunks.count - 1].count < OutboundBuffer.coalescingLimit,
            bytes.count < OutboundBuffer.coalescingLimit
        {
            chunks[chunks.count - 1].append(contentsOf: bytes)
        } else {
            chunks.append(bytes)
        }
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else {
            return
        }
        if chunks.count > headIndex,
            chunks[chunks.count - 1].count < OutboundBuffer.coalescingLimit,
            bytes.count < OutboundBuffer.coalescingLimit
        {
            byteCount += bytes.count
            chunks[chunks.count - 1].append(contentsOf: bytes)
        } else {
            append(Array(bytes))
        }
    }

    /// Calls `body` with the unsent bytes of the front chunk, or returns nil when empty.
    func withFrontBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        guard headIndex < chunks.count else {
            return nil
        }
        return chunks[headIndex].withUnsafeBytes { raw in
            body(UnsafeRawBufferPointer(rebasing: raw[headOffset...]))
        }
    }

    /// Removes `count` bytes that SSL_write has accepted from the front chunk.
    mutating func consume(_ count: Int) {
        byteCount -= count
        headOffset += count
        if headOffset == chunks[headIndex].count {
            headIndex += 1
            headOffset = 0
        }
        if headIndex == chunks.count {
            // Drop the storage, because idle connections must stay small.
            chunks = []
            headIndex = 0
        } else if headIndex >= 16 && headIndex * 2 >= chunks.count {
            chunks.removeFirst(headIndex)
            headIndex = 0
        }
    }

    mutating func removeAll() {
        chunks = []
        headIndex = 0
        headOffset = 0
        byteCount = 0
    }
}
