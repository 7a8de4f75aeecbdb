mod forms;

fn main() {}
