/// Number formatting for people: fixed decimals, byte sizes, thousands.
public enum Formatting {
    /// `value` with exactly `decimals` digits after the point.
    public static func fixed(_ value: Double, decimals: Int = 1) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded()
        let negative = rounded < 0
        var digits = String(Int64(abs(rounded)))
        guard decimals > 0 else { return (negative ? "-" : "") + digits }
        while digits.count <= decimals { digits = "0" + digits }
        let split = digits.index(digits.endIndex, offsetBy: -decimals)
        return (negative ? "-" : "") + digits[..<split] + "." + digits[split...]
    }

    /// 1536 -> "1.5 KiB".
    public static func bytes(_ count: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : "\(Self.fixed(value, decimals: 1)) \(units[unit])"
    }

    /// 1234567 -> "1,234,567".
    public static func thousands(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }
}
