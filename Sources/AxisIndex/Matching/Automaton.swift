/// An Aho-Corasick automaton compiled to a dense DFA over `CoarseAlphabet`.
///
/// Every pattern is compiled as `B pattern B` (B = the boundary symbol), so a match can only
/// start after a non-word character and end before one: the DFA leaves its root only at word
/// starts, and while it sits at the root the scanner skips the rest of a word without table
/// lookups. States are numbered depth-first, so the rows of one word's path are close together
/// in memory; entries are state numbers (row offset = state << 5) and a separate bit set marks
/// the states that complete a pattern group.
struct Automaton: Sendable {
    /// Transition entries: 16-bit state numbers when there are at most 65,536 states.
    enum TransitionTable: Sendable {
        case narrow([UInt16])
        case wide([UInt32])
    }

    /// The exact patterns (`SymbolAlphabet` symbols and senses).
    let patterns: [Pattern]
    /// All senses, pattern by pattern; pattern p has `senses[senseStart[p]..<senseStart[p + 1]]`.
    let senses: [Sense]
    let senseStart: [Int32]
    /// The DFA: per state 32 entries, the next state's number. 16-bit while the states fit,
    /// which halves the memory the scanner walks through (the scan is bound by cache misses).
    let table: TransitionTable
    /// Per state, one bit: whether reaching it completes a pattern group.
    let hasOutput: [UInt64]
    /// Per state: the range of `outputs` listing the exact patterns whose coarse form ends there.
    let outputStart: [Int32]
    let outputs: [Int32]
    /// Per exact pattern: its coarse length including both boundary symbols.
    let coarseLengths: [UInt16]
    /// The state after one boundary symbol from the root (the state at a word start).
    let boundaryState: UInt32
    /// The first words of all patterns, to skip words no pattern starts with.
    let firstWords: WordFilter
    /// Per state: whether it is "boundary + first symbol of a word" (depth 2), i.e. the
    /// automaton has restarted at a word start with nothing longer in progress.
    let isFreshWordStart: [Bool]

    init(patterns: [Pattern]) {
        self.patterns = patterns
        self.senses = patterns.flatMap(\.senses)
        var senseStart: [Int32] = [0]
        for pattern in patterns { senseStart.append(senseStart[senseStart.count - 1] + Int32(pattern.senses.count)) }
        self.senseStart = senseStart
        let width = CoarseAlphabet.width

        // 1. The trie over coarse forms "B pattern B", with -1 for missing edges.
        var edges = [Int32](repeating: -1, count: width)
        var depth: [Int32] = [0]
        var ownOutputs: [[Int32]] = [[]]
        var coarseLengths: [UInt16] = []
        var firstWords: [(word: [UInt8], capitalized: Bool)] = []
        for (patternIndex, pattern) in patterns.enumerated() {
            var coarse: [UInt8] = [CoarseAlphabet.boundary]
            for symbol in pattern.symbols {
                let next = CoarseAlphabet.coarse(symbol)
                if next == CoarseAlphabet.boundary && coarse.last == CoarseAlphabet.boundary { continue }
                coarse.append(next)
            }
            if coarse.last != CoarseAlphabet.boundary { coarse.append(CoarseAlphabet.boundary) }
            coarseLengths.append(UInt16(coarse.count))
            // A word that must be capitalized in every sense is registered only capitalized.
            let capitalized = pattern.senses.allSatisfy { $0.uppercaseMask & 1 != 0 }
            firstWords.append((Self.firstWord(of: pattern.symbols), capitalized))
            var state = 0
            for symbol in coarse {
                let slot = state * width + Int(symbol)
                if edges[slot] < 0 {
                    edges[slot] = Int32(ownOutputs.count)
                    ownOutputs.append([])
                    depth.append(depth[state] + 1)
                    edges.append(contentsOf: repeatElement(-1, count: width))
                }
                state = Int(edges[slot])
            }
            ownOutputs[state].append(Int32(patternIndex))
        }
        self.coarseLengths = coarseLengths
        let stateCount = ownOutputs.count

        // Trie children (before missing edges are filled in), for the depth-first numbering.
        var trieChildren = [[Int32]](repeating: [], count: stateCount)
        for state in 0..<stateCount {
            for symbol in 0..<width where edges[state * width + symbol] > 0 {
                trieChildren[state].append(edges[state * width + symbol])
            }
        }

        // 2. Breadth-first: failure links, missing edges filled from the failure state, outputs
        //    inherited along failure links, and the breadth-first numbering.
        var failure = [Int32](repeating: 0, count: stateCount)
        var allOutputs = ownOutputs
        var order: [Int32] = [0]
        order.reserveCapacity(stateCount)
        for symbol in 0..<width {
            if edges[symbol] < 0 {
                edges[symbol] = 0
            } else {
                order.append(edges[symbol])
            }
        }
        var head = 1
        while head < order.count {
            let state = Int(order[head])
            head += 1
            let fail = Int(failure[state])
            if !allOutputs[fail].isEmpty { allOutputs[state] += allOutputs[fail] }
            for symbol in 0..<width {
                let slot = state * width + symbol
                let target = edges[slot]
                if target < 0 {
                    edges[slot] = edges[fail * width + symbol]
                } else {
                    failure[Int(target)] = edges[fail * width + symbol]
                    order.append(target)
                }
            }
        }
        // Number states depth-first (preorder over the trie): reading a word walks down one
        // path, and depth-first numbering keeps each path's rows close together in memory.
        order = Self.depthFirstOrder(trieChildren: trieChildren, stateCount: stateCount)
        var renumbered = [Int32](repeating: 0, count: stateCount)
        for (position, state) in order.enumerated() { renumbered[Int(state)] = Int32(position) }

        // 3. The table in the new numbering, and flattened output lists (longest first).
        var table = [UInt32](repeating: 0, count: stateCount * width)
        var hasOutput = [UInt64](repeating: 0, count: (stateCount + 63) / 64)
        var outputStart = [Int32](repeating: 0, count: stateCount + 1)
        var outputs: [Int32] = []
        for (position, state) in order.enumerated() {
            let oldState = Int(state)
            for symbol in 0..<width {
                table[position * width + symbol] = UInt32(renumbered[Int(edges[oldState * width + symbol])])
            }
            if !allOutputs[oldState].isEmpty { hasOutput[position >> 6] |= 1 << UInt64(position & 63) }
            outputStart[position] = Int32(outputs.count)
            outputs += allOutputs[oldState].sorted { coarseLengths[Int($0)] > coarseLengths[Int($1)] }
        }
        outputStart[stateCount] = Int32(outputs.count)
        self.table = stateCount <= Int(UInt16.max) + 1 ? .narrow(table.map { UInt16($0) }) : .wide(table)
        self.hasOutput = hasOutput
        self.outputStart = outputStart
        self.outputs = outputs
        self.boundaryState = table[Int(CoarseAlphabet.boundary)]
        self.firstWords = WordFilter(firstWords: firstWords)
        var fresh = [Bool](repeating: false, count: stateCount)
        for (position, state) in order.enumerated() where depth[Int(state)] == 2 { fresh[position] = true }
        self.isFreshWordStart = fresh
    }

    /// The pattern's first word as the scanner sees it: lowercase ASCII letters and digits up
    /// to the first other symbol (accented letters end it: such words go to the automaton anyway).
    private static func firstWord(of symbols: [UInt8]) -> [UInt8] {
        var word: [UInt8] = []
        for symbol in symbols {
            if symbol >= SymbolAlphabet.firstLetter {
                word.append(UInt8(ascii: "a") + symbol - SymbolAlphabet.firstLetter)
            } else if symbol >= SymbolAlphabet.firstDigit {
                word.append(UInt8(ascii: "0") + symbol - SymbolAlphabet.firstDigit)
            } else {
                break
            }
        }
        return word
    }

    var stateCount: Int { self.outputStart.count - 1 }

    private static func depthFirstOrder(trieChildren: [[Int32]], stateCount: Int) -> [Int32] {
        var order: [Int32] = []
        order.reserveCapacity(stateCount)
        var stack: [Int32] = [0]
        while let state = stack.popLast() {
            order.append(state)
            stack += trieChildren[Int(state)].reversed()
        }
        return order
    }
}
