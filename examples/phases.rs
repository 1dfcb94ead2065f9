//! Prints how long each phase of opening a thread takes (a profiling aid).
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("a thread file");
    let bytes = std::fs::read(&path).unwrap();
    let t = Instant::now();
    let plain: tread::format::ThreadFile = serde_json::from_slice(&bytes).unwrap();
    let plain_time = t.elapsed();
    drop(plain);
    let t = Instant::now();
    let loaded = tread::format::load_slice(&bytes, &path, tread::format::LoadOptions::default()).unwrap();
    let load_time = t.elapsed();
    let t = Instant::now();
    let thread = tread::thread::Thread::from_file(loaded.file);
    let derive_time = t.elapsed();
    println!(
        "plain parse {plain_time:?}  load {load_time:?}  derive {derive_time:?}  ratio {:.2}",
        (load_time + derive_time).as_secs_f64() / plain_time.as_secs_f64()
    );
    drop(thread);
}
