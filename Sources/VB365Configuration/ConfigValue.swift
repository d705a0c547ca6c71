import VB365Delivery
import VB365Model
import VB365Rendering
import VB365Text

/// A value of a key, typed by its kind in `ConfigSchema`.
package enum ConfigValue: Sendable {
    case text(String)
    case bool(Bool)
    case integer(Int)
    case number(Double)
    /// A duration, in seconds.
    case seconds(Double)
    case mail(MailAddress)
    /// nil: auto.
    case apiVersion(APIVersion?)
    case timeZone(LocalTime)
    case list([ConfigValue])
}
