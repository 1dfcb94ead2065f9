fn main() {
    println!("tread: work in progress");
}
