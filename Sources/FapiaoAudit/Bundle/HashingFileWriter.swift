import Foundation

/// Buffered writer of a new file that computes the file's SHA-256 and size
/// while writing.
///
/// Not shared between threads.
final class HashingFileWriter {
    private static let bufferCapacity = 1024 * 1024

    let url: URL
    private let handle: FileHandle
    private let hasher = SHA256Hasher()
    private var buffer: [UInt8] = []
    private var byteCount = 0

    /// Creates `url`, which must not exist yet.
    init(url: URL) throws {
        self.url = url
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw AuditError(operation: "create bundle file", reasons: [url.path, errnoText()])
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        buffer.reserveCapacity(Self.bufferCapacity)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.bufferCapacity {
            try flush()
        }
    }

    /// Writes the remaining buffer, flushes the file to disk and closes it.
    /// Returns the manifest's description of the file.
    func finish() throws -> BundleManifest.File {
        try flush()
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw AuditError(
                operation: "close bundle file", reasons: [url.path, error.localizedDescription])
        }
        return BundleManifest.File(
            name: url.lastPathComponent, sha256: Hex.encode(hasher.finish()), bytes: byteCount)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        hasher.update(buffer)
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw AuditError(
                operation: "write bundle file", reasons: [url.path, error.localizedDescription])
        }
        byteCount += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
