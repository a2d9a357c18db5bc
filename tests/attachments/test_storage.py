"""The storage interface: the local folder, an S3-compatible store (a moto server the test starts on a free
port, nothing mocked in-process), and blobs tied to the database transaction."""

import os
import stat
from collections.abc import Iterator

import boto3
import pytest
from fastapi.testclient import TestClient
from moto.server import ThreadedMotoServer
from sqlalchemy import Connection
from sqlmodel import Session

from api.models import Attachment, Visit
from api.settings import Settings
from api.storage import (
    BlobMissing,
    LocalFolderStorage,
    S3Storage,
    Storage,
    build_storage,
    delete_after_commit,
    new_key,
    put_in_transaction,
)
from tests.attachments.conftest import jpeg, upload
from tests.helpers import Principals

BUCKET = "binome-test"
CREDENTIALS = {"s3_access_key_id": "testing", "s3_secret_access_key": "testing", "s3_region": "eu-west-3"}


def check_round_trip(storage: Storage) -> None:
    key = new_key(7, "jpg")
    storage.put(key, b"\xff\xd8 une photo", "image/jpeg")
    assert storage.get(key) == b"\xff\xd8 une photo"
    storage.put(key, b"remplacee", "image/jpeg")
    assert storage.get(key) == b"remplacee"
    storage.delete(key)
    with pytest.raises(BlobMissing):
        storage.get(key)
    storage.delete(key)  # twice is harmless
    for bad in ("../etc/passwd", "/absolute", "households/7/../../x", "a b", ""):
        with pytest.raises(ValueError):
            storage.put(bad, b"x", "text/plain")


def test_local_folder_round_trip_with_owner_only_files(tmp_path) -> None:  # noqa: ANN001
    storage = LocalFolderStorage(tmp_path / "attachments")
    check_round_trip(storage)
    key = new_key(7, "pdf")
    storage.put(key, b"%PDF-", "application/pdf")
    path = tmp_path / "attachments" / key
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no partial file left behind


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-3", aws_access_key_id="testing",
                 aws_secret_access_key="testing").create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    yield endpoint
    server.stop()


def s3_settings(settings: Settings, endpoint: str, **extra: str) -> Settings:
    return settings.model_copy(update={"storage": "s3", "s3_bucket": BUCKET, "s3_endpoint_url": endpoint,
                                       **CREDENTIALS, **extra})


def test_s3_round_trip_against_a_local_server(settings: Settings, s3_endpoint: str) -> None:
    storage = build_storage(s3_settings(settings, s3_endpoint, s3_prefix="binome/"))
    assert isinstance(storage, S3Storage)
    check_round_trip(storage)
    key = new_key(3, "jpg")
    storage.put(key, b"photo", "image/jpeg")
    raw = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-3", aws_access_key_id="testing",
                       aws_secret_access_key="testing")
    stored = raw.get_object(Bucket=BUCKET, Key=f"binome/{key}")
    assert stored["Body"].read() == b"photo" and stored["ContentType"] == "image/jpeg"


def test_s3_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="BINOME_S3_BUCKET"):
        Settings(storage="s3", secret_key="k" * 40)
    with pytest.raises(ValueError, match="go together"):
        Settings(storage="s3", s3_bucket=BUCKET, s3_access_key_id="only-one", secret_access_key="k" * 40,
                 secret_key="k" * 40)


def test_an_upload_through_the_api_lands_in_the_bucket(app, client: TestClient, principals: Principals,  # noqa: ANN001
                                                       db: Session, visit: Visit, settings: Settings,
                                                       s3_endpoint: str) -> None:
    local = app.state.storage
    app.state.storage = build_storage(s3_settings(settings, s3_endpoint))
    try:
        created = upload(client, principals["advisor"], visit.id, jpeg(), kind="photo_heating")
        assert created.status_code == 201
        key = db.get(Attachment, created.json()["id"]).storage_key
        assert app.state.storage.get(key)[:2] == b"\xff\xd8"  # a JPEG, in the bucket
        with pytest.raises(BlobMissing):
            local.get(key)  # and not in the folder
        downloaded = client.get(created.json()["content_url"], headers=principals["advisor"])
        assert downloaded.status_code == 200 and downloaded.content == app.state.storage.get(key)
        assert client.delete(created.json()["content_url"].removesuffix("/content"),
                             headers=principals["advisor"]).status_code == 204
        with pytest.raises(BlobMissing):
            app.state.storage.get(key)
    finally:
        app.state.storage = local


def test_blobs_follow_the_transaction(connection: Connection, tmp_path) -> None:  # noqa: ANN001
    storage = LocalFolderStorage(tmp_path)
    kept, dropped = new_key(1, "jpg"), new_key(1, "jpg")
    with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
        put_in_transaction(session, storage, kept, b"kept", "image/jpeg")
        session.commit()
        put_in_transaction(session, storage, dropped, b"dropped", "image/jpeg")
        assert storage.get(dropped) == b"dropped"
        session.rollback()  # the row that named it is gone: so is the file
    assert storage.get(kept) == b"kept"
    with pytest.raises(BlobMissing):
        storage.get(dropped)
    with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
        delete_after_commit(session, storage, [kept])
        session.rollback()  # the deletion did not happen: the file stays
        assert storage.get(kept) == b"kept"
        delete_after_commit(session, storage, [kept])
        assert storage.get(kept) == b"kept"  # not before the commit
        session.commit()
    with pytest.raises(BlobMissing):
        storage.get(kept)


def test_a_refused_request_leaves_no_file(client: TestClient, principals: Principals, visit: Visit,
                                          storage: Storage, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is written, then the request fails after (here: its audit row): the file is removed."""
    from api.services import attachments

    written: list[str] = []
    real_put = storage.put

    def spy(key: str, data: bytes, content_type: str) -> None:
        written.append(key)
        real_put(key, data, content_type)

    monkeypatch.setattr(storage, "put", spy)

    def failing_audit(*args, **kwargs) -> None:  # noqa: ANN002, ANN003
        raise attachments.InvalidInput("file", "refus simulé après l'écriture du fichier")

    monkeypatch.setattr(attachments.audit, "record", failing_audit)
    assert upload(client, principals["advisor"], visit.id, jpeg()).status_code == 422
    assert len(written) == 1
    with pytest.raises(BlobMissing):
        storage.get(written[0])
