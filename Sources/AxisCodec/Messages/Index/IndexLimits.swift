/// Sizes the index messages check while decoding (Protocol/PROTOCOL.md §12).
public enum IndexLimits {
    /// An entity id, `type:slug`.
    public static let idBytes = 256
    /// An entity's name, an alias, a description.
    public static let nameBytes = 4096
    /// A sentence sent with mentions.
    public static let sentenceBytes = 64 * 1024
    /// Items of one kind in one frame; only guards decoding (frames bound the real numbers).
    public static let maxItems = 1_000_000
    /// The most entities or documents a request may ask for.
    public static let maxLimit: UInt64 = 10_000
}
