import Sluice
import Testing

@Suite("Rotated names: reading rotation sets oldest first")
struct RotatedNameTests {
  @Test(arguments: [
    ("app.log", "app.log", RotatedName.Age.live),
    ("app.log.1", "app.log", .numbered(1)),
    ("app.log.0", "app.log", .numbered(0)),
    ("app.log.10.gz", "app.log", .numbered(10)),
    ("/var/log/nginx/access.log.2.gz", "/var/log/nginx/access.log", .numbered(2)),
    ("app.log.3.zst", "app.log", .numbered(3)),
    ("app.log-20261128.gz", "app.log", .dated("20261128")),
    ("app.log-2026112810", "app.log", .dated("2026112810")),
    ("app.log-2026-11-28.xz", "app.log", .dated("20261128")),
    ("syslog.2026-11-28", "syslog", .dated("20261128")),
    // Not rotation suffixes: a version, a leading zero, an impossible date.
    ("app.log.gz", "app.log", .live),
    ("data.v2", "data.v2", .live),
    ("app.log.01", "app.log.01", .live),
    ("app.log-20261399", "app.log-20261399", .live),
    ("report-12345678.txt", "report-12345678.txt", .live),
    (".1", ".1", .live),
  ])
  func readsTheName(path: String, base: String, age: RotatedName.Age) {
    let name = RotatedName(path: path)
    #expect(name.base == base, "\(path)")
    #expect(name.age == age, "\(path)")
  }

  @Test func numberedSetsGoFromTheHighestNumberToTheLiveFile() {
    let given = ["app.log", "app.log.1", "app.log.2.gz", "app.log.9.gz", "app.log.10.gz"]
    #expect(
      RotatedName.oldestFirst(given) == [
        "app.log.10.gz", "app.log.9.gz", "app.log.2.gz", "app.log.1", "app.log",
      ])
    #expect(RotatedName.oldestFirst(given.reversed()) == RotatedName.oldestFirst(given))
  }

  @Test func datedSetsGoByDate() {
    let given = ["app.log", "app.log-20261129.gz", "app.log-20261001.gz", "app.log-20261128"]
    #expect(
      RotatedName.oldestFirst(given) == [
        "app.log-20261001.gz", "app.log-20261128", "app.log-20261129.gz", "app.log",
      ])
  }

  @Test func severalSetsKeepTheirPlaceAndOthersStayPut() {
    let given = ["b.log.1", "notes.txt", "a.log", "b.log.2.gz", "a.log.1", "b.log"]
    #expect(
      RotatedName.oldestFirst(given) == [
        "b.log.2.gz", "b.log.1", "b.log", "notes.txt", "a.log.1", "a.log",
      ])
  }

  @Test func filesOfTheSameAgeKeepTheGivenOrder() {
    #expect(RotatedName.oldestFirst(["app.log.gz", "app.log"]) == ["app.log.gz", "app.log"])
    #expect(RotatedName.oldestFirst(["app.log", "app.log.gz"]) == ["app.log", "app.log.gz"])
  }

  @Test(arguments: [
    (["app.log.1", "app.log"], true),
    (["app.log.2.gz", "app.log.1"], true),
    (["app.log-20261128.gz", "app.log-20261127.gz"], true),
    // Could be the pieces of a split file: left alone unless --rotated.
    (["part.1", "part.2"], false),
    (["app.log"], false),
    (["app.log.1", "other.log"], false),
    (["app.log.1", "app.log", "-"], false),
    (["app.log", "app.log"], false),
  ])
  func recognisesOneUnmistakableSet(paths: [String], isOneSet: Bool) {
    #expect(RotatedName.formOneSet(paths) == isOneSet, "\(paths)")
  }
}
