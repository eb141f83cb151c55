//! Asking the web for a feed or a page, politely and defensively: one HTTP client
//! (ureq over rustls, no OpenSSL) with a whole-request timeout, bounded redirects, a size
//! cap that holds after gzip decoding (a gzip bomb stops at the cap), conditional GET,
//! and a User-Agent naming copydesk. Every failure comes back as words a person can act
//! on: the HTTP status, the timeout, the size, the network error.

use std::time::Duration;

use ureq::ResponseExt;

/// How patient and how trusting a fetch is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpOptions {
    /// For the whole exchange: connecting, redirects and the body.
    pub timeout: Duration,
    /// The largest body kept, counted after content decoding.
    pub max_bytes: u64,
    pub max_redirects: u32,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            timeout: Duration::from_secs(30),
            max_bytes: 16 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

pub const USER_AGENT: &str = concat!(
    "copydesk/",
    env!("CARGO_PKG_VERSION"),
    " (terminal news reader; +https://crates.io/crates/copydesk)"
);

/// What the server said, when it sent something to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// Where the body came from, after redirects.
    pub url: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// 304: what was stored last time is still current.
    NotModified,
    Fetched(Fetched),
}

/// The validators of an earlier answer, for a conditional request.
#[derive(Debug, Clone, Copy, Default)]
pub struct Validators<'a> {
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
}

pub struct Client {
    agent: ureq::Agent,
    options: HttpOptions,
}

impl Client {
    pub fn new(options: HttpOptions) -> Client {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .max_redirects(options.max_redirects)
            .max_redirects_will_error(true)
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .build()
            .into();
        Client { agent, options }
    }

    /// GETs `url`. Any status but 200 and 304 is an error naming it; so is a body over
    /// the size cap, announced or actual.
    pub fn get(&self, url: &str, validators: Validators) -> Result<Answer, String> {
        let mut request = self.agent.get(url);
        if let Some(etag) = validators.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = validators.last_modified {
            request = request.header("If-Modified-Since", date);
        }
        let mut response = request.call().map_err(|e| self.in_words(e))?;
        let status = response.status();
        if status.as_u16() == 304 {
            return Ok(Answer::NotModified);
        }
        if status.as_u16() != 200 {
            return Err(format!(
                "HTTP {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_string());
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header("content-type");
        let etag = header("etag");
        let last_modified = header("last-modified");
        let final_url = response.get_uri().to_string();
        if let Some(announced) = response.body().content_length()
            && announced > self.options.max_bytes
        {
            return Err(format!(
                "the server announces {}, over the {} limit",
                size_in_words(announced),
                size_in_words(self.options.max_bytes)
            ));
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(self.options.max_bytes)
            .read_to_vec()
            .map_err(|e| self.in_words(e))?;
        Ok(Answer::Fetched(Fetched {
            url: final_url,
            status: status.as_u16(),
            content_type,
            etag,
            last_modified,
            body,
        }))
    }

    fn in_words(&self, error: ureq::Error) -> String {
        match error {
            ureq::Error::Timeout(_) => format!(
                "no complete answer within {} s",
                self.options.timeout.as_secs_f32()
            ),
            ureq::Error::BodyExceedsLimit(_) => format!(
                "the answer is over the {} limit (after decompression)",
                size_in_words(self.options.max_bytes)
            ),
            ureq::Error::TooManyRedirects => format!(
                "more than {} redirects; not followed further",
                self.options.max_redirects
            ),
            ureq::Error::HostNotFound => "the host name does not resolve".to_string(),
            ureq::Error::ConnectionFailed => "the connection failed".to_string(),
            other => other.to_string(),
        }
    }
}

/// `16 MiB`, `2.0 GB`: sizes as people read them.
pub fn size_in_words(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= 1_000_000_000 {
        format!("{:.1} GB", bytes as f64 / 1e9)
    } else if bytes >= MIB {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_in_words(2_000_000_000), "2.0 GB");
        assert_eq!(size_in_words(16 * 1024 * 1024), "16 MiB");
        assert_eq!(size_in_words(2048), "2 KiB");
        assert_eq!(size_in_words(12), "12 bytes");
    }

    #[test]
    fn a_refused_connection_is_an_error_in_words_not_a_panic() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let client = Client::new(HttpOptions::default());
        let problem = client
            .get(&format!("http://127.0.0.1:{port}/"), Validators::default())
            .unwrap_err();
        assert!(!problem.is_empty());
    }
}
