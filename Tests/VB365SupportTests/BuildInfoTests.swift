import Testing
import VB365Support

@Suite("BuildInfo: the version and the commit a binary was built from")
struct BuildInfoTests {
    @Test("the version line names the commit, or says it is unknown")
    func versionLine() {
        #expect(BuildInfo.versionLine("0.1.0", commit: "1f59ac0") == "0.1.0 (commit 1f59ac0)")
        #expect(BuildInfo.versionLine("0.1.0", commit: "1f59ac0-dirty") == "0.1.0 (commit 1f59ac0-dirty)")
        #expect(BuildInfo.versionLine("0.1.0", commit: nil) == "0.1.0 (commit unknown)")
    }

    @Test(
        "a short or full git hash, optionally -dirty, is a commit",
        arguments: ["1f59ac0", "1f59ac0-dirty", "1f59ac0a9c3d2e4b5f60718293a4b5c6d7e8f901"])
    func accepted(text: String) {
        #expect(BuildInfo.recordedCommit(text) == text)
    }

    @Test(
        "anything else is no commit, so --version never prints junk",
        arguments: ["", "-dirty", "unknown", "1F59AC0", "1f5", "1f59ac0\n", "1f59ac0-dirty-dirty", "\"1f59ac0\""])
    func refused(text: String) {
        #expect(BuildInfo.recordedCommit(text) == nil)
    }

    @Test("a plain swift build (like this test's) records no commit")
    func plainBuild() {
        #expect(BuildInfo.commit == nil)
        #expect(BuildInfo.versionLine("0.1.0") == "0.1.0 (commit unknown)")
    }
}
