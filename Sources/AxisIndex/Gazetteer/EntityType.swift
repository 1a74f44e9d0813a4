/// The kind of thing an entity is; the part of an entity id before the colon ("country:iran").
public enum EntityType: String, Sendable, Hashable, CaseIterable {
    case country, person, org, place, weapon, event, item
    /// A named ship (a tanker, a cargo vessel): it can carry a flow (`Flow.via`).
    case vessel
}
