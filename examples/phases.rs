//! Prints how long each phase of opening a thread takes (a profiling aid):
//! `cargo run --release --example phases -- FILE`.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: phases FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    let started = Instant::now();
    let plain: tread::format::ThreadFile = serde_json::from_slice(&bytes).expect("valid JSON");
    let plain_time = started.elapsed();
    drop(plain);
    let started = Instant::now();
    let loaded =
        tread::format::load_slice(&bytes, &path, tread::format::LoadOptions::default()).expect("valid");
    let load_time = started.elapsed();
    let started = Instant::now();
    let mut thread = tread::thread::Thread::from_file_deferred(loaded.file);
    let model_time = started.elapsed();
    let started = Instant::now();
    let attribution = thread.compute_attribution();
    thread.apply_attribution(attribution);
    let inference_time = started.elapsed();
    let total = load_time + model_time + inference_time;
    println!(
        "plain parse {plain_time:.1?} | load {load_time:.1?} + model {model_time:.1?} + inference {inference_time:.1?} = {total:.1?} ({:.2}x)",
        total.as_secs_f64() / plain_time.as_secs_f64()
    );
}
