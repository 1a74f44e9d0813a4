/// Splits a line of a batch file into words the way a POSIX shell would for simple commands:
/// blanks separate words; 'single quotes' keep everything literally; "double quotes" keep
/// everything but `\"`, `\\`, `\$` and `` \` ``, which lose their backslash; a backslash outside
/// quotes keeps the next character; `#` at the start of a word starts a comment. No
/// variables, globs or pipes: a batch line is data, never run by a shell.
enum CommandWords {
    struct Failure: Error, Equatable {
        var message: String
    }

    static func split(_ line: String) throws(Failure) -> [String] {
        enum State {
            case between, word, single, double
        }
        var words: [String] = []
        var word = ""
        var state = State.between
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch state {
            case .between, .word:
                if character == " " || character == "\t" || character == "\r" {
                    if state == .word { words.append(word) }
                    word = ""
                    state = .between
                } else if character == "#" && state == .between {
                    return words
                } else if character == "'" {
                    state = .single
                } else if character == "\"" {
                    state = .double
                } else if character == "\\" {
                    guard let escaped = characters.next() else { throw Failure(message: "the line ends with a lone backslash") }
                    word.append(escaped)
                    state = .word
                } else {
                    word.append(character)
                    state = .word
                }
            case .single:
                if character == "'" { state = .word } else { word.append(character) }
            case .double:
                if character == "\"" {
                    state = .word
                } else if character == "\\" {
                    guard let escaped = characters.next() else { throw Failure(message: "a double quote is not closed") }
                    if !["\"", "\\", "$", "`"].contains(escaped) { word.append("\\") }
                    word.append(escaped)
                } else {
                    word.append(character)
                }
            }
        }
        switch state {
        case .single: throw Failure(message: "a single quote is not closed")
        case .double: throw Failure(message: "a double quote is not closed")
        case .word: words.append(word)
        case .between: break
        }
        return words
    }
}
