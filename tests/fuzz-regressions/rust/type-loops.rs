use serde::Deserialize;
type A<X> = B<Vec<X>>;
type B<X> = A<Vec<X>>;
type T = T;
#[derive(Deserialize)]
struct Loop<T> { x: Loop<Loop<T>>, y: Option<Box<Loop<T>>> }
#[derive(Deserialize)]
struct LoopForm { a: A<String>, t: T, l: Loop<u8>, s: Self_ }
#[derive(Deserialize)]
struct Self_ { inner: LoopForm }
