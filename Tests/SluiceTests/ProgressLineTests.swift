import Testing

@testable import Sluice

@Suite struct ProgressLineTests {
  @Test func knownTotal() {
    let reading = ProgressMeter.Reading(
      storedBytes: 450_000_000, decodedBytes: 3_000_000_000, records: 12_345_678,
      totalStoredBytes: 1_000_000_000)
    #expect(
      ProgressLine.text(reading, after: 6, width: 200)
        == "sluice: 45% of 1.0 GB, 500 MB/s, 12,345,678 records, 0:08 left")
  }

  @Test func unknownTotal() {
    let reading = ProgressMeter.Reading(
      storedBytes: 5_300_000, decodedBytes: 5_300_000, records: 0, totalStoredBytes: nil)
    #expect(ProgressLine.text(reading, after: 2, width: 200) == "sluice: 5.3 MB read, 2.7 MB/s")
  }

  @Test func cutToTheWidth() {
    let reading = ProgressMeter.Reading(
      storedBytes: 1, decodedBytes: 1, records: 1, totalStoredBytes: 2)
    #expect(ProgressLine.text(reading, after: 1, width: 12) == "sluice: 50% ")
  }

  @Test func units() {
    #expect(ProgressLine.bytes(812) == "812 B")
    #expect(ProgressLine.bytes(45_300_000) == "45 MB")
    #expect(ProgressLine.bytes(1_234_000_000) == "1.2 GB")
    #expect(ProgressLine.grouped(1_000) == "1,000")
    #expect(ProgressLine.grouped(999) == "999")
    #expect(ProgressLine.duration(7.2) == "0:08")
    #expect(ProgressLine.duration(3723) == "1:02:03")
  }

  @Test func totalsOfRegularFilesOnly() throws {
    let scratch = try Scratch()
    let one = try scratch.file("one", [UInt8](repeating: 65, count: 1000))
    let two = try scratch.file("two", [UInt8](repeating: 65, count: 234))
    #expect(ProgressMeter(measuring: [.file(one), .file(two)]).totalStoredBytes == 1234)
    #expect(ProgressMeter(measuring: [.file(one), .standardInput]).totalStoredBytes == nil)
    #expect(ProgressMeter(measuring: [.file("/dev/null")]).totalStoredBytes == nil)
    #expect(
      ProgressMeter(measuring: [.file(scratch.url.path + "/missing")]).totalStoredBytes == nil)
  }
}
