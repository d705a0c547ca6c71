import ArgumentParser
import Testing
import VB365Commands
import VB365Statistics

/// `--protection-rpo` and `--exclude-mask`, parsed into the protection settings the pipeline judges by.
@Suite("Protection options")
struct ProtectionOptionTests {
    @Test("Without the flags: the settings given (the standard ones, or the configuration's)")
    func none() throws {
        let options = try ReportOptions.parse([])
        #expect(options.protection() == ProtectionSettings.standard)
        let configured = ProtectionSettings(rpoSeconds: 7200, exclusionMasks: ["test-*"])
        #expect(options.protection(over: configured) == configured)
    }

    @Test("A flag given wins: the RPO as the configuration's durations are written, the masks replace the list")
    func flags() throws {
        let options = try ReportOptions.parse([
            "--protection-rpo", "1d12h", "--exclude-mask", "shared-*", "--exclude-mask", "*-noreply@*",
        ])
        let standard = options.protection()
        #expect(standard.rpoSeconds == 36 * 3600)
        #expect(standard.exclusionMasks == ["shared-*", "*-noreply@*"])
        #expect(standard.required == ProtectionSettings.defaultRequired)
        let configured = options.protection(
            over: ProtectionSettings(rpoSeconds: 7200, exclusionMasks: ["test-*"], required: [.site: [.site]]))
        #expect(configured.rpoSeconds == 36 * 3600)
        #expect(configured.exclusionMasks == ["shared-*", "*-noreply@*"])
        #expect(configured.required == [.site: [.site]])
        // One flag alone leaves the other setting as it was.
        let rpoOnly = try ReportOptions.parse(["--protection-rpo", "12h"]).protection(
            over: ProtectionSettings(exclusionMasks: ["test-*"]))
        #expect(rpoOnly.rpoSeconds == 12 * 3600)
        #expect(rpoOnly.exclusionMasks == ["test-*"])
    }

    @Test(
        "Refused while parsing: an empty mask, a mask of everything, no duration, a duration of nothing",
        arguments: [
            ["--exclude-mask", ""], ["--exclude-mask", "*"], ["--exclude-mask", "***"], ["--protection-rpo", "daily"],
            ["--protection-rpo", "0h"], ["--rpo", "24h"],
        ])
    func refused(_ arguments: [String]) {
        #expect(throws: (any Error).self) { try ReportOptions.parse(arguments) }
    }
}
