extension Extractor {
    /// Names what the extractor produces. Change it with any change that alters extraction
    /// results: index checkpoints made by another version are ignored and the index rebuilt.
    public static let version = "axis-extractor-6"
}
