/// Min-heap of timers ordered by deadline, then by scheduling order.
///
/// Confined to the thread of the owning event loop.
struct TimerQueue {
    struct Entry {
        let deadline: ContinuousClock.Instant
        let sequence: UInt64
        let handle: TimerHandle

        func precedes(_ other: Entry) -> Bool {
            if deadline != other.deadline {
                return deadline < other.deadline
            }
            return sequence < other.sequence
        }
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    var count: Int { heap.count }

    var earliestDeadline: ContinuousClock.Instant? { heap.first?.deadline }

    mutating func insert(_ handle: TimerHandle, deadline: ContinuousClock.Instant) {
        heap.append(Entry(deadline: deadline, sequence: nextSequence, handle: handle))
        nextSequence &+= 1
        siftUp(heap.count - 1)
    }

    /// Removes and returns the earliest entry if its deadline is not after `now`.
    mutating func popExpired(now: ContinuousClock.Instant) -> Entry? {
        guard let first = heap.first, first.deadline <= now else {
            return nil
        }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        return first
    }

    /// Drops cancelled entries and returns how many were dropped.
    mutating func removeCancelled() -> Int {
        let before = heap.count
        heap.removeAll { !$0.handle.isPending }
        // Any array can be turned into a heap by sifting down its inner nodes.
        var index = heap.count / 2 - 1
        while index >= 0 {
            siftDown(index)
            index -= 1
        }
        return before - heap.count
    }

    mutating func removeAll() -> [Entry] {
        let entries = heap
        heap = []
        return entries
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else {
                return
            }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].precedes(heap[smallest]) {
                smallest = left
            }
            if right < heap.count && heap[right].precedes(heap[smallest]) {
                smallest = right
            }
            if smallest == parent {
                return
            }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
