/// The case- and punctuation-insensitive key used to look names up (`Gazetteer.resolve`):
/// lowercase, curly quotes straight, hyphens and dashes as spaces, runs of spaces collapsed.
enum FormFolding {
    static func key(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", " ", "\t", "\n", "\r", "\u{00A0}":
                pendingSpace = !result.isEmpty
                continue
            case "\u{2018}", "\u{2019}":
                if pendingSpace { result.append(" "); pendingSpace = false }
                result.append("'")
            case "\u{201C}", "\u{201D}":
                if pendingSpace { result.append(" "); pendingSpace = false }
                result.append("\"")
            default:
                if pendingSpace { result.append(" "); pendingSpace = false }
                result.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        }
        return result
    }
}
