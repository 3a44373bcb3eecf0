extension StageDefinition {
  /// `json [-o SEP] [PATH[,PATH...]]`
  static let json = StageDefinition(
    name: "json", synopsis: "json [-o SEP] [PATH[,PATH...]]",
    summary: "Take values out of JSON records, joined by a TAB; alone, compact each record.",
    details: """
      Each record must be one JSON value, typically an object per line (JSON lines). \
      PATH picks a value the way jq does: .status, .user.id, .tags[0], .items[2].name; \
      keys with other characters than letters, digits and _ are quoted: ."user-agent", \
      .["a b"], ."a.b" (inside the program, put such a path in single quotes). . is the \
      whole record. Several paths, separated by commas or spaces, give one column each, \
      joined by a TAB or by SEP with -o.

      Values come out as jq -r prints them: a string as its text, escapes decoded (\\n, \
      \\t, \\u00e9, surrogate pairs), so a string holding a TAB or a newline spills over \
      into the next column or line; numbers, true, false, null, objects and arrays as \
      compact JSON, as written in the record (jq would reformat numbers such as 1.50 or \
      1e2). A key that is not there, an index past the end of an array, or a path through \
      null gives an empty column. Invalid UTF-8 in a string becomes U+FFFD in its text, \
      as jq does it; compact JSON keeps the record's bytes.

      Without PATH, each record is written again as compact JSON: the same bytes \
      without the whitespace between tokens.

      A record that is not valid JSON (strict RFC 8259: no trailing commas, no NaN, no \
      leading zeros, no raw control characters in strings, nothing after the value, at \
      most 10000 levels of nesting; an empty record is invalid too), or where a path \
      steps into something it cannot index (a key into a string, number or array, an \
      index into an object), is a bad record: the run stops there, or with --on-error \
      skip the record is left out and counted. Values are found in one pass over the \
      record without building the ones not asked for.
      """,
    examples: [
      "'json .status' app.log",
      "'json .level,.user.id,.msg | grep -F ERROR' app.log.gz",
      "'json .status | count-by' app.log",
      "--on-error skip \"json '.[\\\"user agent\\\"]'\" app.log",
      "json app.log",
    ],
    parallelism: .perRecord
  ) { arguments throws(SluiceError) in
    let separator = try arguments.value("-o").map { arguments.unescaped($0.text) } ?? [0x09]
    var paths: [JSONPath] = []
    while let word = arguments.positional() {
      do throws(JSONPathError) {
        paths += try JSONPath.list(parsing: word.text)
      } catch {
        throw arguments.error(error.description, at: word)
      }
    }
    let chosen = paths
    return .stage { next in
      JsonStage(JSONExtractor(paths: chosen), joinedBy: separator, next: next)
    }
  }
}
