//! The target: an object store (S3 and its kin, Google Cloud Storage,
//! Azure) or a folder, through `object_store`, with credentials from the
//! environment only.

use std::collections::HashMap;
use std::sync::Arc;

use futures_util::TryStreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder, AmazonS3ConfigKey, AwsAuthorizer};
use object_store::client::{HttpClient, HttpConnector, HttpRequestBody, ReqwestConnector};
use object_store::path::Path as StorePath;
use object_store::{
    Attribute, Attributes, ClientConfigKey, ClientOptions, ObjectStore, PutOptions, PutPayload,
};

use super::local::LocalFile;
use super::plan::{Manifest, RemoteObject, MANIFEST};

/// A target opened: where its objects go, under which folder.
pub(crate) struct Target {
    store: Arc<dyn ObjectStore>,
    /// The folder of the URL (`site` of `s3://bucket/site`), no slashes
    /// at its ends; empty for the top.
    prefix: String,
    /// S3's website redirects, which `object_store` cannot set.
    s3: Option<S3Website>,
    /// Whether objects carry headers (a folder's files do not: the server
    /// in front of it gives them).
    headers: bool,
}

/// What writing an object with `x-amz-website-redirect-location` takes:
/// the request is made and signed here, as `object_store` signs its own.
struct S3Website {
    store: Arc<AmazonS3>,
    bucket_url: String,
    region: String,
    client: HttpClient,
}

/// Opens the target at `url` (`s3://`, `gs://`, `az://`, `file:///`);
/// with `dry_run`, a folder that is not there yet is not made (it is
/// looked at as empty).
pub(crate) fn open(url: &str, dry_run: bool) -> Result<Target, String> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| format!("`{url}` is not a URL: write s3://bucket/folder, gs://bucket, az://container or file:///folder"))?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let prefix = prefix.trim_matches('/').to_string();
    let failed = |e: object_store::Error| format!("cannot open {url}: {e}");
    let (store, s3): (Arc<dyn ObjectStore>, _) = match scheme {
        "s3" | "s3a" => {
            let builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
            let s3 = Arc::new(builder.clone().build().map_err(failed)?);
            let website = s3_website(&builder, bucket, &s3).map_err(failed)?;
            (s3, Some(website))
        }
        "gs" => (
            Arc::new(
                object_store::gcp::GoogleCloudStorageBuilder::from_env()
                    .with_bucket_name(bucket)
                    .build()
                    .map_err(failed)?,
            ),
            None,
        ),
        "az" | "azure" => (
            Arc::new(
                object_store::azure::MicrosoftAzureBuilder::from_env()
                    .with_container_name(bucket)
                    .build()
                    .map_err(failed)?,
            ),
            None,
        ),
        "file" => return open_folder(url, rest, dry_run),
        _ => {
            return Err(format!(
                "`{url}`: sahifa deploys to s3://, gs://, az:// and file:/// addresses, not {scheme}://"
            ))
        }
    };
    Ok(Target {
        store,
        prefix,
        s3,
        headers: true,
    })
}

/// `file:///srv/www`: the folder, made when missing.
fn open_folder(url: &str, rest: &str, dry_run: bool) -> Result<Target, String> {
    let path = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
    if !path.starts_with('/') {
        return Err(format!(
            "`{url}`: a folder is named from the top, with three slashes: file:///srv/www"
        ));
    }
    if dry_run && !std::path::Path::new(&*path).exists() {
        return Ok(Target {
            store: Arc::new(object_store::memory::InMemory::new()),
            prefix: String::new(),
            s3: None,
            headers: false,
        });
    }
    std::fs::create_dir_all(&*path).map_err(|e| format!("cannot make {path}: {e}"))?;
    let store = object_store::local::LocalFileSystem::new_with_prefix(&*path)
        .map_err(|e| format!("cannot open {path}: {e}"))?
        .with_automatic_cleanup(true);
    Ok(Target {
        store: Arc::new(store),
        prefix: String::new(),
        s3: None,
        headers: false,
    })
}

fn s3_website(
    builder: &AmazonS3Builder,
    bucket: &str,
    store: &Arc<AmazonS3>,
) -> object_store::Result<S3Website> {
    let config = |key| builder.get_config_value(&key);
    let region = config(AmazonS3ConfigKey::Region).unwrap_or_else(|| "us-east-1".into());
    let virtual_hosted =
        config(AmazonS3ConfigKey::VirtualHostedStyleRequest).is_some_and(|v| v == "true");
    // As `object_store` addresses the bucket.
    let bucket_url = match (config(AmazonS3ConfigKey::Endpoint), virtual_hosted) {
        (Some(endpoint), true) => endpoint.trim_end_matches('/').to_string(),
        (Some(endpoint), false) => format!("{}/{bucket}", endpoint.trim_end_matches('/')),
        (None, true) => format!("https://{bucket}.s3.{region}.amazonaws.com"),
        (None, false) => format!("https://s3.{region}.amazonaws.com/{bucket}"),
    };
    let allow_http =
        config(AmazonS3ConfigKey::Client(ClientConfigKey::AllowHttp)).is_some_and(|v| v == "true");
    let client =
        ReqwestConnector::default().connect(&ClientOptions::new().with_allow_http(allow_http))?;
    Ok(S3Website {
        store: Arc::clone(store),
        bucket_url,
        region,
        client,
    })
}

impl Target {
    /// The object of a key, named as written: `object_store`'s own
    /// percent-encoding of other letters than ASCII would name every
    /// Arabic address anew (`%D8%AE…`, and too long for a file name).
    fn path(&self, key: &str) -> Result<StorePath, String> {
        let full = if self.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}/{key}", self.prefix)
        };
        StorePath::parse(&full).map_err(|e| format!("{key}: {e}"))
    }

    /// Every object under the target's folder, by its key below it.
    pub(crate) async fn list(&self) -> Result<HashMap<String, RemoteObject>, String> {
        let prefix = match self.prefix.as_str() {
            "" => None,
            folder => Some(StorePath::parse(folder).map_err(|e| e.to_string())?),
        };
        let mut listing = self.store.list(prefix.as_ref());
        let mut objects = HashMap::new();
        let strip = if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", prefix.as_ref().map_or("", |p| p.as_ref()))
        };
        while let Some(meta) = listing
            .try_next()
            .await
            .map_err(|e| format!("cannot list the target: {}", explain(&e)))?
        {
            let location = meta.location.as_ref();
            let key = location
                .strip_prefix(&strip)
                .unwrap_or(location)
                .to_string();
            let e_tag = meta.e_tag.map(|t| t.trim_matches('"').to_string());
            objects.insert(
                key,
                RemoteObject {
                    size: meta.size,
                    e_tag,
                },
            );
        }
        Ok(objects)
    }

    /// The last deploy's manifest, or an empty one.
    pub(crate) async fn manifest(&self) -> Manifest {
        let Ok(path) = self.path(MANIFEST) else {
            return Manifest::default();
        };
        let Ok(got) = self.store.get(&path).await else {
            return Manifest::default();
        };
        let Ok(bytes) = got.bytes().await else {
            return Manifest::default();
        };
        serde_json::from_slice(&bytes).unwrap_or_default()
    }

    pub(crate) async fn write_manifest(&self, manifest: &Manifest) -> Result<(), String> {
        let bytes = serde_json::to_vec(manifest).map_err(|e| e.to_string())?;
        let options = self.options("application/json", "no-store");
        self.store
            .put_opts(&self.path(MANIFEST)?, PutPayload::from(bytes), options)
            .await
            .map(|_| ())
            .map_err(|e| format!("cannot write {MANIFEST}: {e}"))
    }

    fn options(&self, content_type: &str, cache_control: &str) -> PutOptions {
        let mut attributes = Attributes::new();
        if self.headers {
            attributes.insert(Attribute::ContentType, content_type.to_string().into());
            attributes.insert(Attribute::CacheControl, cache_control.to_string().into());
        }
        PutOptions {
            attributes,
            ..PutOptions::default()
        }
    }

    /// Uploads one file with its headers; returns the object's ETag.
    pub(crate) async fn upload(&self, file: &LocalFile) -> Result<String, String> {
        let bytes = std::fs::read(&file.path)
            .map_err(|e| format!("cannot read {}: {e}", file.path.display()))?;
        if let (Some(to), Some(s3)) = (&file.redirect, &self.s3) {
            // A service of S3's protocol without website redirects (R2
            // has none) may refuse the header: the page, which redirects
            // by itself, then goes up as any page.
            if let Ok(e_tag) = self.put_website_redirect(s3, file, bytes.clone(), to).await {
                return Ok(e_tag);
            }
        }
        let options = self.options(&file.content_type, &file.cache_control);
        let put = self
            .store
            .put_opts(&self.path(&file.rel)?, PutPayload::from(bytes), options)
            .await
            .map_err(|e| format!("{}: {e}", file.rel))?;
        Ok(put.e_tag.unwrap_or_default().trim_matches('"').to_string())
    }

    /// An old address's page on S3, which also redirects there when the
    /// bucket is served as a website (`x-amz-website-redirect-location`).
    async fn put_website_redirect(
        &self,
        s3: &S3Website,
        file: &LocalFile,
        bytes: Vec<u8>,
        to: &str,
    ) -> Result<String, String> {
        let failed = |e: &dyn std::fmt::Display| format!("{}: {e}", file.rel);
        let credential = s3
            .store
            .credentials()
            .get_credential()
            .await
            .map_err(|e| failed(&e))?;
        let url = format!(
            "{}/{}",
            s3.bucket_url,
            encode_key(self.path(&file.rel)?.as_ref())
        );
        let mut request = http::Request::builder()
            .method(http::Method::PUT)
            .uri(&url)
            .header(http::header::CONTENT_TYPE, &file.content_type)
            .header(http::header::CACHE_CONTROL, &file.cache_control)
            .header("x-amz-website-redirect-location", to)
            .body(HttpRequestBody::from(bytes))
            .map_err(|e| failed(&e))?;
        AwsAuthorizer::new(&credential, "s3", &s3.region).authorize(&mut request, None);
        let response = s3.client.execute(request).await.map_err(|e| failed(&e))?;
        if !response.status().is_success() {
            return Err(failed(&format!("the store answered {}", response.status())));
        }
        let e_tag = response
            .headers()
            .get(http::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        Ok(e_tag.trim_matches('"').to_string())
    }

    pub(crate) async fn delete(&self, key: &str) -> Result<(), String> {
        self.store
            .delete(&self.path(key)?)
            .await
            .map_err(|e| format!("{key}: {e}"))
    }
}

/// A store's error, with what to do when it is the usual one: no
/// credentials in the environment, so the client asked the cloud
/// machine's metadata service, which is not there.
fn explain(error: &object_store::Error) -> String {
    let text = error.to_string();
    if text.contains("169.254.169.254") || text.contains("metadata.google.internal") {
        format!(
            "no credentials found. Set them in the environment: AWS_ACCESS_KEY_ID and \
             AWS_SECRET_ACCESS_KEY for S3 and its kin, GOOGLE_SERVICE_ACCOUNT for Google \
             Cloud Storage, AZURE_STORAGE_ACCOUNT_NAME and AZURE_STORAGE_ACCOUNT_KEY for \
             Azure ({text})"
        )
    } else {
        text
    }
}

/// A key as S3 signs its path: each byte but the unreserved ones and `/`
/// percent-encoded.
fn encode_key(key: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const KEY: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b'/');
    utf8_percent_encode(key, KEY).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_encoded_as_s3_signs_them() {
        assert_eq!(
            encode_key("a/b-c_d.e~f/index.html"),
            "a/b-c_d.e~f/index.html"
        );
        assert_eq!(encode_key("خبر/x y+z"), "%D8%AE%D8%A8%D8%B1/x%20y%2Bz");
    }

    #[test]
    fn an_address_that_is_not_a_target_is_refused_saying_what_is() {
        let message = open("ftp://host/site", false).err().unwrap_or_default();
        assert!(
            message.contains("s3://, gs://, az:// and file:///"),
            "{message}"
        );
        let message = open("bucket/site", false).err().unwrap_or_default();
        assert!(message.contains("is not a URL"), "{message}");
        let message = open("file://relative/folder", false)
            .err()
            .unwrap_or_default();
        assert!(message.contains("file:///"), "{message}");
    }
}
