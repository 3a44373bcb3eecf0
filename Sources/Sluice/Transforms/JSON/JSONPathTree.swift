#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Several ``JSONPath``s merged into one tree, so that a single pass over a
/// document finds all of them: each node is a place in the document that some
/// path goes through, and says which output columns end there and which
/// children (keys, array positions) lead on.
///
/// It is built once per extractor and then read through flat unsafe buffers by
/// the scanner: no arrays are touched per record.
final class JSONPathTree {
  /// A node's entries in the flat tables, each a `start`/`count` slice.
  struct Node {
    /// The columns whose path ends here (a path given twice ends twice).
    var own: Slice = Slice()
    /// Every column at or below this node: cleared when the node's value
    /// starts again (a repeated key: the last one counts, as in jq).
    var subtree: Slice = Slice()
    /// The columns below the key children: unreachable, and an error, when
    /// the value here is not an object (null excepted).
    var belowKeys: Slice = Slice()
    /// The columns below the index children: likewise for arrays.
    var belowIndexes: Slice = Slice()
    /// Children reached by a key, in `keys`.
    var keyChildren: Slice = Slice()
    /// Children reached by an array position, in `indexes`.
    var indexChildren: Slice = Slice()
    /// The number of steps from the root.
    var depth: Int32 = 0
    /// Whether the scanner must note anything about values here.
    var isTracked: Bool { subtree.count > 0 }
  }

  /// A range of a flat table.
  struct Slice {
    var start: Int32 = 0
    var count: Int32 = 0
  }

  /// A child reached by a key: the key's UTF-8 bytes in `keyBytes`.
  struct KeyEntry {
    var keyStart: Int32
    var keyCount: Int32
    var node: Int32
  }

  /// A child reached by an array position.
  struct IndexEntry {
    var index: Int
    var node: Int32
  }

  let paths: [JSONPath]
  let nodes: UnsafeMutableBufferPointer<Node>
  let columns: UnsafeMutableBufferPointer<Int32>
  let keys: UnsafeMutableBufferPointer<KeyEntry>
  let indexes: UnsafeMutableBufferPointer<IndexEntry>
  let keyBytes: UnsafeMutableBufferPointer<UInt8>
  /// For each column, the node where its path ends.
  let columnNodes: UnsafeMutableBufferPointer<Int32>
  /// The deepest node's depth.
  let maxDepth: Int

  /// The node of the whole document.
  static let root: Int32 = 0

  init(_ paths: [JSONPath]) {
    self.paths = paths
    // Build with arrays first.
    struct Building {
      var own: [Int32] = []
      var keyChildren: [(key: [UInt8], node: Int32)] = []
      var indexChildren: [(index: Int, node: Int32)] = []
      var depth: Int32 = 0
    }
    var building = [Building()]
    var columnNodes: [Int32] = []
    for (column, path) in paths.enumerated() {
      var node: Int32 = 0
      for component in path.components {
        let depth = building[Int(node)].depth + 1
        switch component {
        case .key(let key):
          let bytes = Array(key.utf8)
          if let found = building[Int(node)].keyChildren.first(where: { $0.key == bytes }) {
            node = found.node
          } else {
            building.append(Building(depth: depth))
            let child = Int32(building.count - 1)
            building[Int(node)].keyChildren.append((bytes, child))
            node = child
          }
        case .index(let index):
          if let found = building[Int(node)].indexChildren.first(where: { $0.index == index }) {
            node = found.node
          } else {
            building.append(Building(depth: depth))
            let child = Int32(building.count - 1)
            building[Int(node)].indexChildren.append((index, child))
            node = child
          }
        }
      }
      building[Int(node)].own.append(Int32(column))
      columnNodes.append(node)
    }

    // Columns under a node, children before parents (post-order).
    var subtree = [[Int32]](repeating: [], count: building.count)
    for index in building.indices.reversed() {
      var all = building[index].own
      for child in building[index].keyChildren { all += subtree[Int(child.node)] }
      for child in building[index].indexChildren { all += subtree[Int(child.node)] }
      subtree[index] = all
    }

    var columnTable: [Int32] = []
    var keyTable: [KeyEntry] = []
    var indexTable: [IndexEntry] = []
    var keyByteTable: [UInt8] = []
    var nodeTable: [Node] = []
    func slice(_ items: [Int32]) -> Slice {
      let slice = Slice(start: Int32(columnTable.count), count: Int32(items.count))
      columnTable += items
      return slice
    }
    for (index, node) in building.enumerated() {
      var flat = Node()
      flat.depth = node.depth
      flat.own = slice(node.own)
      flat.subtree = slice(subtree[index])
      flat.belowKeys = slice(node.keyChildren.flatMap { subtree[Int($0.node)] })
      flat.belowIndexes = slice(node.indexChildren.flatMap { subtree[Int($0.node)] })
      flat.keyChildren = Slice(start: Int32(keyTable.count), count: Int32(node.keyChildren.count))
      for child in node.keyChildren {
        keyTable.append(
          KeyEntry(
            keyStart: Int32(keyByteTable.count), keyCount: Int32(child.key.count), node: child.node)
        )
        keyByteTable += child.key
      }
      flat.indexChildren = Slice(
        start: Int32(indexTable.count), count: Int32(node.indexChildren.count))
      for child in node.indexChildren {
        indexTable.append(IndexEntry(index: child.index, node: child.node))
      }
      nodeTable.append(flat)
    }
    func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
      let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
      _ = buffer.initialize(from: array)
      return UnsafeMutableBufferPointer(rebasing: buffer[0..<array.count])
    }
    nodes = copy(nodeTable)
    columns = copy(columnTable)
    keys = copy(keyTable)
    indexes = copy(indexTable)
    keyBytes = copy(keyByteTable)
    self.columnNodes = copy(columnNodes)
    maxDepth = Int(nodeTable.map(\.depth).max() ?? 0)
  }

  deinit {
    nodes.baseAddress?.deallocate()
    columns.baseAddress?.deallocate()
    keys.baseAddress?.deallocate()
    indexes.baseAddress?.deallocate()
    keyBytes.baseAddress?.deallocate()
    columnNodes.baseAddress?.deallocate()
  }

  /// The child of `node` reached by the key whose raw (undecoded) bytes are
  /// `key`, or -1. Only for keys without escapes.
  @inline(__always)
  func child(of node: Int32, rawKey key: UnsafePointer<UInt8>, count: Int) -> Int32 {
    let children = nodes[Int(node)].keyChildren
    var entry = Int(children.start)
    let last = entry + Int(children.count)
    let bytes = keyBytes.baseAddress!
    while entry < last {
      let candidate = keys[entry]
      if Int(candidate.keyCount) == count
        && (count == 0 || memcmp(bytes + Int(candidate.keyStart), key, count) == 0)
      {
        return candidate.node
      }
      entry += 1
    }
    return -1
  }

  /// The child of `node` reached by array position `index`, or -1.
  @inline(__always)
  func child(of node: Int32, index: Int) -> Int32 {
    let children = nodes[Int(node)].indexChildren
    var entry = Int(children.start)
    let last = entry + Int(children.count)
    while entry < last {
      if indexes[entry].index == index { return indexes[entry].node }
      entry += 1
    }
    return -1
  }
}
