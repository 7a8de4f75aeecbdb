use serde::Deserialize;
#[derive(Deserialize)]
struct L0 { f0: L1, f1: L1, f2: L1, f3: L1, f4: L1, f5: L1, f6: L1, f7: L1, f8: L1, f9: L1 }
#[derive(Deserialize)]
struct L1 { f0: L2, f1: L2, f2: L2, f3: L2, f4: L2, f5: L2, f6: L2, f7: L2, f8: L2, f9: L2 }
#[derive(Deserialize)]
struct L2 { f0: L3, f1: L3, f2: L3, f3: L3, f4: L3, f5: L3, f6: L3, f7: L3, f8: L3, f9: L3 }
#[derive(Deserialize)]
struct L3 { f0: L4, f1: L4, f2: L4, f3: L4, f4: L4, f5: L4, f6: L4, f7: L4, f8: L4, f9: L4 }
#[derive(Deserialize)]
struct L4 { f0: L5, f1: L5, f2: L5, f3: L5, f4: L5, f5: L5, f6: L5, f7: L5, f8: L5, f9: L5 }
#[derive(Deserialize)]
struct L5 { f0: L6, f1: L6, f2: L6, f3: L6, f4: L6, f5: L6, f6: L6, f7: L6, f8: L6, f9: L6 }
#[derive(Deserialize)]
struct L6 { f0: L7, f1: L7, f2: L7, f3: L7, f4: L7, f5: L7, f6: L7, f7: L7, f8: L7, f9: L7 }
#[derive(Deserialize)]
struct L7 { f0: String, f1: String, f2: String, f3: String, f4: String, f5: String, f6: String, f7: String, f8: String, f9: String }
#[derive(Deserialize)]
struct WideForm { root: L0 }
