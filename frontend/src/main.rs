fn main() {
    #[cfg(target_arch = "wasm32")]
    ava_frontend::start();
}
