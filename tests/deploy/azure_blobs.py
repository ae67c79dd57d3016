"""Every blob of an Azure container as Azure's own client sees it, for
tests/it/deploy.rs: one JSON list of {key, size, md5 (of the bytes read
back), content_type, cache_control, etag}. With --create, makes the
container first and prints [].

Usage: python azure_blobs.py BLOB_ENDPOINT CONTAINER [--create]
(the emulator's well-known account: devstoreaccount1)."""

import hashlib
import json
import sys

from azure.storage.blob import BlobServiceClient

ACCOUNT = "devstoreaccount1"
# Azurite's published development key (not a secret).
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


def main():
    endpoint, name = sys.argv[1], sys.argv[2]
    service = BlobServiceClient(account_url=f"{endpoint}/{ACCOUNT}", credential={"account_name": ACCOUNT, "account_key": KEY})
    if "--create" in sys.argv:
        service.create_container(name)
        print("[]")
        return
    container = service.get_container_client(name)
    blobs = []
    for item in container.list_blobs():
        body = container.download_blob(item.name).readall()
        settings = item.content_settings
        blobs.append(
            {
                "key": item.name,
                "size": len(body),
                "md5": hashlib.md5(body).hexdigest(),
                "content_type": settings.content_type,
                "cache_control": settings.cache_control,
                "etag": item.etag,
            }
        )
    json.dump(blobs, sys.stdout, ensure_ascii=False)


main()
