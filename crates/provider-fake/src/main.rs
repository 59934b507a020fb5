//! `ava-provider-fake`: the fake Vapi and Twilio APIs, seeded with the demo
//! data, for local development. Prints both base URLs and the demo
//! credentials (none of them real), then serves until Ctrl-C.

use std::net::SocketAddr;

use ava_provider_fake::{
    DEMO_TWILIO_ACCOUNT_SID, DEMO_TWILIO_AUTH_TOKEN, DEMO_TWILIO_SMS_ONLY_NUMBER,
    DEMO_TWILIO_SUSPENDED_ACCOUNT_SID, DEMO_TWILIO_SUSPENDED_AUTH_TOKEN, DEMO_TWILIO_VOICE_NUMBERS,
    DEMO_VAPI_PRIVATE_KEY, DEMO_VAPI_PUBLIC_KEY, FakeProviders,
};
use clap::Parser;

/// Fake Vapi and Twilio HTTP APIs on loopback, seeded with demo data.
#[derive(Debug, Parser)]
#[command(name = "ava-provider-fake", version)]
struct Args {
    /// Where the fake Vapi API listens (port 0: any free port).
    #[arg(long, env = "FAKE_VAPI_ADDR", default_value = "127.0.0.1:0")]
    vapi_addr: SocketAddr,
    /// Where the fake Twilio API listens (port 0: any free port).
    #[arg(long, env = "FAKE_TWILIO_ADDR", default_value = "127.0.0.1:0")]
    twilio_addr: SocketAddr,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let fake = match FakeProviders::bind(args.vapi_addr, args.twilio_addr).await {
        Ok(fake) => fake,
        Err(error) => {
            eprintln!("ava-provider-fake: cannot listen: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    fake.seed_demo();
    println!("VAPI_BASE_URL={}", fake.vapi_url());
    println!("TWILIO_BASE_URL={}", fake.twilio_url());
    println!();
    println!("Demo credentials (fake, for this server only):");
    println!("  Vapi private key:         {DEMO_VAPI_PRIVATE_KEY}");
    println!("  Vapi public key (→ 401):  {DEMO_VAPI_PUBLIC_KEY}");
    println!("  Twilio Account SID:       {DEMO_TWILIO_ACCOUNT_SID}");
    println!("  Twilio Auth Token:        {DEMO_TWILIO_AUTH_TOKEN}");
    println!(
        "  Twilio voice numbers:     {}",
        DEMO_TWILIO_VOICE_NUMBERS.join(", ")
    );
    println!("  Twilio SMS-only number:   {DEMO_TWILIO_SMS_ONLY_NUMBER}");
    println!("  Suspended account SID:    {DEMO_TWILIO_SUSPENDED_ACCOUNT_SID}");
    println!("  Suspended account token:  {DEMO_TWILIO_SUSPENDED_AUTH_TOKEN}");
    println!();
    println!("Ctrl-C to stop.");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("ava-provider-fake: cannot wait for Ctrl-C: {error}");
        return std::process::ExitCode::FAILURE;
    }
    drop(fake);
    std::process::ExitCode::SUCCESS
}
