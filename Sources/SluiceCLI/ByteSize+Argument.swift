import ArgumentParser
import Sluice

extension ByteSize: ExpressibleByArgument {
  public init?(argument: String) {
    try? self.init(parsing: argument)
  }
}
