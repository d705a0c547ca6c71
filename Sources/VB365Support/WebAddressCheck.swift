import Foundation

/// What is wrong with an address given for a server or a site: it must be http(s) with a host,
/// and hold no query, fragment or user (which would end up in every link, or is never meant).
public enum WebAddressCheck {
    /// nil when `text` is a usable address; else what is wrong, as the end of a sentence.
    public static func problem(_ text: String) -> String? {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            url.host?.isEmpty == false
        else {
            return "not an http(s) address such as https://host.example.com:4443"
        }
        guard url.query == nil, url.fragment == nil, url.user == nil else {
            return "not the address alone; give the address only, without a query, a fragment or a user"
        }
        return nil
    }
}
