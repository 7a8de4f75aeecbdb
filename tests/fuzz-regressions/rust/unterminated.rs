#[derive(Deserialize)]
struct AForm { a: String, b: "unterminated
