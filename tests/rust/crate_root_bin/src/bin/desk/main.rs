mod helper;

fn main() {}
