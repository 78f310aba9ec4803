import Foundation

/// Verification of a bundle's digests one at a time, each followed by its
/// entries, reading `digests.jsonl` and the entries file side by side.
///
/// Not shared between threads.
final class DigestChainVerification {
    private let manifest: BundleManifest
    private let key: VerifyingKey
    private let digests: ByteSource
    private let digestsHandle: FileHandle
    private let entries: EntryRecordStream
    private(set) var digestsChecked = 0
    private(set) var entriesChecked = 0
    /// Digests without entries in the bundle that no purge entry named yet.
    private var unnamedPurges: Set<UInt64> = []

    /// Method of the entry that the retention job writes for the digests
    /// whose entries it removed, named in its resource id as `digests F-L`.
    static let purgeMethod = "fapiao-server/purge-access-log"

    init(
        manifest: BundleManifest, key: VerifyingKey, digests: FileHandle,
        entries: EntryRecordStream
    ) {
        self.manifest = manifest
        self.key = key
        digestsHandle = digests
        self.digests = ByteSource(fileHandle: digests)
        self.entries = entries
    }

    deinit {
        try? digestsHandle.close()
    }

    func run() throws {
        var previous: AuditDigest?
        var lineNumber = 0
        while let line = try readDigestLine() {
            lineNumber += 1
            let digest: AuditDigest
            do {
                digest = try AuditJSONLines.decodeDigest(bytes: line, lineNumber: lineNumber)
            } catch let error as AuditError {
                throw VerificationFailure(
                    "digests.jsonl \(error.reasons.joined(separator: "; "))")
            }
            try checkDigest(digest, previous: previous)
            // The retention job removes all entries of a digest or none. A
            // digest without entries counts only when a later entry of the
            // job names it.
            if try entriesPurged(digest) {
                unnamedPurges.insert(digest.digestSequence)
            } else {
                try checkEntries(of: digest)
            }
            digestsChecked += 1
            previous = digest
        }
        try checkTrailingEntries(after: previous)
        if let first = unnamedPurges.min() {
            throw VerificationFailure(
                "digest \(first): its entries are missing, and no later entry of the retention"
                    + " job (method \(Self.purgeMethod)) names it")
        }
        try checkCounts(last: previous)
    }

    private func readDigestLine() throws -> [UInt8]? {
        do {
            return try digests.readLine()?.bytes
        } catch let error as AuditError {
            throw VerificationFailure("digests.jsonl: \(error.reasons.joined(separator: "; "))")
        }
    }

    private func checkDigest(_ digest: AuditDigest, previous: AuditDigest?) throws {
        let name = "digest \(digest.digestSequence)"
        guard digest.tenantID == manifest.tenantID else {
            throw VerificationFailure(
                "\(name): tenant_id \"\(digest.tenantID)\" does not match the manifest's"
                    + " \"\(manifest.tenantID)\"")
        }
        if let previous {
            guard digest.digestSequence == previous.digestSequence + 1 else {
                throw VerificationFailure(
                    "\(name) follows digest \(previous.digestSequence): digest"
                        + " \(previous.digestSequence + 1) missing or out of order")
            }
        } else {
            guard digest.digestSequence == manifest.firstDigestSequence else {
                throw VerificationFailure(
                    "\(name) is the first digest, but the manifest's first_digest_sequence is"
                        + " \(manifest.firstDigestSequence)")
            }
        }
        for (field, value) in [
            ("entries_hash", digest.entriesHash), ("previous_digest_hash", digest.previousDigestHash),
            ("digest_hash", digest.digestHash),
        ] {
            guard Hex.decode(value, byteCount: 32) != nil else {
                throw VerificationFailure("\(name): \(field) is not 64 lower-case hex digits")
            }
        }
        let canonical = Array(digest.canonicalText.utf8)
        guard Hex.encode(SHA256Hasher.hash(canonical)) == digest.digestHash else {
            throw VerificationFailure("\(name): digest_hash does not match its content")
        }
        guard digest.keyID == key.keyID else {
            throw VerificationFailure(
                "\(name): key_id \(digest.keyID) does not match the public key \(key.keyID)")
        }
        guard let signature = Hex.decode(digest.signature, byteCount: 64) else {
            throw VerificationFailure("\(name): signature is not 128 lower-case hex digits")
        }
        guard key.verify(signature: signature, message: canonical) else {
            throw VerificationFailure("\(name): signature invalid")
        }
        try checkChain(digest, previous: previous)
    }

    private func checkChain(_ digest: AuditDigest, previous: AuditDigest?) throws {
        let name = "digest \(digest.digestSequence)"
        if let previous {
            guard digest.previousDigestHash == previous.digestHash else {
                throw VerificationFailure(
                    "\(name): previous_digest_hash does not match digest \(previous.digestSequence)")
            }
            guard digest.firstSealSequence == previous.lastSealSequence + 1 else {
                throw VerificationFailure(
                    "\(name): first_seal_sequence \(digest.firstSealSequence) does not follow"
                        + " digest \(previous.digestSequence), which ends at \(previous.lastSealSequence)")
            }
        } else {
            guard digest.previousDigestHash == manifest.anchorDigestHash else {
                throw VerificationFailure(
                    "\(name): previous_digest_hash does not match the manifest's anchor_digest_hash")
            }
            guard digest.digestSequence != 1 || digest.previousDigestHash == AuditDigest.genesisHash
            else {
                throw VerificationFailure(
                    "\(name): previous_digest_hash of digest 1 must be the genesis hash (64 zeros)")
            }
        }
        guard digest.firstSealSequence >= 1, digest.firstSealSequence <= digest.lastSealSequence
        else {
            throw VerificationFailure(
                "\(name): seal range \(digest.firstSealSequence)...\(digest.lastSealSequence) is empty"
                    + " or starts at 0")
        }
    }

    /// Returns true when the bundle contains none of the entries of `digest`:
    /// the next entry comes after its seal range, or there is none.
    private func entriesPurged(_ digest: AuditDigest) throws -> Bool {
        guard let next = try entries.peek() else { return true }
        return next.entry.sealSequence > digest.lastSealSequence
    }

    /// Marks the digests that `entry` names as removed, when it is an entry
    /// of the retention job.
    private func notePurge(_ entry: AuditEntry) {
        guard entry.method == Self.purgeMethod, entry.resourceID.hasPrefix("digests ") else { return }
        let bounds = entry.resourceID.dropFirst("digests ".count).split(separator: "-")
        guard bounds.count == 2, let first = UInt64(bounds[0]), let last = UInt64(bounds[1]),
            first <= last
        else { return }
        unnamedPurges = unnamedPurges.filter { $0 < first || $0 > last }
    }

    /// Reads exactly the entries `firstSealSequence...lastSealSequence` of
    /// `digest` and checks their hashes.
    private func checkEntries(of digest: AuditDigest) throws {
        let hasher = EntriesHasher()
        for expected in digest.firstSealSequence...digest.lastSealSequence {
            guard let record = try entries.next() else {
                throw VerificationFailure("entry seal_sequence \(expected) missing")
            }
            let entry = record.entry
            if entry.sealSequence > expected {
                // A later entry in place of the expected one: either the
                // expected one is missing or it comes after this one.
                if let following = try entries.peek(),
                    following.entry.sealSequence >= expected,
                    following.entry.sealSequence < entry.sealSequence
                {
                    throw VerificationFailure(
                        "entries out of order: seal_sequence \(entry.sealSequence) comes before"
                            + " \(following.entry.sealSequence)")
                }
                throw VerificationFailure("entry seal_sequence \(expected) missing")
            }
            if entry.sealSequence < expected {
                if entry.sealSequence == expected - 1 {
                    throw VerificationFailure(
                        "entry seal_sequence \(entry.sealSequence) appears twice"
                            + " (\(manifestEntriesFile) line \(record.lineNumber))")
                }
                throw VerificationFailure(
                    "entries out of order: seal_sequence \(entry.sealSequence) comes after"
                        + " \(expected - 1)")
            }
            try checkEntry(entry)
            notePurge(entry)
            hasher.append(entry.computeHash())
            entriesChecked += 1
        }
        guard Hex.encode(hasher.finish()) == digest.entriesHash else {
            throw VerificationFailure(
                "digest \(digest.digestSequence): entries_hash does not match its entries")
        }
    }

    private func checkEntry(_ entry: AuditEntry) throws {
        let name = "entry seal_sequence \(entry.sealSequence) (entry_id \(entry.entryID))"
        guard entry.tenantID == manifest.tenantID else {
            throw VerificationFailure(
                "\(name): tenant_id \"\(entry.tenantID)\" does not match the manifest's"
                    + " \"\(manifest.tenantID)\"")
        }
        guard entry.computeHashHex() == entry.entryHash else {
            throw VerificationFailure("\(name): hash does not match its content")
        }
    }

    private func checkTrailingEntries(after last: AuditDigest?) throws {
        guard let record = try entries.next() else { return }
        guard let last else {
            throw VerificationFailure(
                "unexpected entry seal_sequence \(record.entry.sealSequence): the bundle has no digests")
        }
        throw VerificationFailure(
            "unexpected entry seal_sequence \(record.entry.sealSequence) after digest"
                + " \(last.digestSequence) ends at \(last.lastSealSequence)")
    }

    private func checkCounts(last: AuditDigest?) throws {
        guard digestsChecked == manifest.counts.digests else {
            throw VerificationFailure(
                "manifest.json: counts.digests is \(manifest.counts.digests), but"
                    + " digests.jsonl contains \(digestsChecked) digests")
        }
        guard entriesChecked == manifest.counts.entries else {
            throw VerificationFailure(
                "manifest.json: counts.entries is \(manifest.counts.entries), but"
                    + " \(manifestEntriesFile) contains \(entriesChecked) entries")
        }
        let lastSequence = last?.digestSequence ?? 0
        guard lastSequence == manifest.lastDigestSequence else {
            throw VerificationFailure(
                "manifest.json: last_digest_sequence is \(manifest.lastDigestSequence), but the"
                    + " last digest is \(lastSequence)")
        }
        if last == nil {
            guard manifest.firstDigestSequence == 0, manifest.anchorDigestHash.isEmpty else {
                throw VerificationFailure(
                    "manifest.json: the bundle has no digests, but the manifest names a first"
                        + " digest or an anchor")
            }
        }
    }

    private var manifestEntriesFile: String {
        "entries.\(manifest.entryFormat)"
    }
}
