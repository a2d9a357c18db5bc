"""Admin commands: `python -m api.cli <command>` (also installed as `binome`)."""

import argparse
import getpass
import json
import os
import secrets
import sys
import tempfile
from pathlib import Path

from alembic.config import Config
from pydantic_settings import BaseSettings
from sqlmodel import Session

from api.settings import LOCAL_SECRET_KEY_FILE, ROOT, Environment, Settings, get_settings

ADMIN_PASSWORD_ENV = "BINOME_ADMIN_PASSWORD"


def alembic_config() -> Config:
    return Config(str(ROOT / "alembic.ini"))


def migrate(settings: Settings) -> None:
    from api.db import build_engine, run_migrations

    from api.services.reference_data import seed_defaults

    engine = build_engine(settings)
    run_migrations(engine, settings.secret_key)
    with Session(engine) as session:
        seed_defaults(session)  # the sourced reference rows the database lacks
        session.commit()
    engine.dispose()


def seed(settings: Settings) -> bool:
    from api.db import build_engine
    from api.demo import seed_demo

    engine = build_engine(settings)
    with Session(engine) as session:
        loaded = seed_demo(session)
        session.commit()
    engine.dispose()
    return loaded


def ensure_local_secret_key(path: Path | None = None) -> Path:
    """A random master key for this machine, written once (mode 0600) and reused afterwards, so a
    developer's server never runs on a published key and sessions survive restarts."""
    path = path or LOCAL_SECRET_KEY_FILE
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # O_EXCL: never overwrite a key
    except FileExistsError:
        return path
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(secrets.token_urlsafe(48) + "\n")
    return path


class _KeySource(BaseSettings):
    """The few settings read before Settings itself, which refuses to load without a key."""

    model_config = Settings.model_config
    environment: Environment = Environment.development
    secret_key: str = ""
    secret_key_file: str = ""


def use_local_key_in_development() -> None:
    """`make run` on a fresh machine: in development with no key configured, generate
    var/secret_key and point the settings (and any server process started from here) at it.
    Test and production always need an explicit BINOME_SECRET_KEY or BINOME_SECRET_KEY_FILE."""
    source = _KeySource()
    if source.environment == Environment.development and not source.secret_key and not source.secret_key_file:
        os.environ["BINOME_SECRET_KEY_FILE"] = str(ensure_local_secret_key())
        get_settings.cache_clear()


def create_admin(settings: Settings, email: str | None, name: str | None, programme: str | None = None) -> int:
    """Ask what is missing, create the administrator; 0 on success, 1 with the reasons otherwise."""
    from pydantic import ValidationError

    from api.db import build_engine
    from api.errors import AppError, validation_body
    from api.services.directory import create_admin as create

    email = email or input("Adresse e-mail : ").strip()
    name = name or input("Nom complet : ").strip()
    password = os.environ.get(ADMIN_PASSWORD_ENV)
    if not password:
        password = getpass.getpass("Mot de passe (12 caractères ou plus) : ")
        if getpass.getpass("Mot de passe, encore une fois : ") != password:
            print("Les deux mots de passe diffèrent : rien créé.", file=sys.stderr)
            return 1
    engine = build_engine(settings)
    try:
        with Session(engine) as session:
            user = create(session, email=email, full_name=name, password=password, programme=programme)
            session.commit()
    except ValidationError as exc:
        for field in validation_body(exc.errors()).fields or []:
            print(f"{field.field} : {field.message}", file=sys.stderr)
        return 1
    except AppError as exc:
        print(exc.detail, file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"Administrateur créé : {user.email} ({user.organisation.name}).")
    return 0


def serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    from api.main import create_app
    from api.observability import configure_logging

    configure_logging(settings.log_level)  # JSON lines; uvicorn's access log (raw paths, queries) stays off
    # proxy_headers off: uvicorn would trust 127.0.0.1's X-Forwarded-For by default; the app believes
    # only settings.trusted_proxies (api/main.py), so there is one list and one place.
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False,
                log_level=settings.log_level.lower(), proxy_headers=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="binome", description="Binôme administration")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply the database migrations")
    sub.add_parser("seed-demo", help="load the demo data into an empty database (refused in production)")
    admin = sub.add_parser("create-admin", help="create an administrator (the first account of a new installation); "
                                                 f"the password is asked twice, or read from {ADMIN_PASSWORD_ENV}")
    admin.add_argument("--email")
    admin.add_argument("--name", help="full name")
    admin.add_argument("--programme", help="the programme's slug (needed when there are several)")
    sub.add_parser("accounts", help="print the demo accounts")
    sub.add_parser("openapi", help="print the OpenAPI document (JSON)")
    retention = sub.add_parser("retention", help="anonymise the cases closed longer ago than the retention period "
                                                  "(run it daily: cron or a systemd timer)")
    retention.add_argument("--dry-run", action="store_true", help="list them, change nothing")
    sub.add_parser("backup", help="copy the whole database to a file (consistent while the server runs)").add_argument(
        "--to", required=True, type=Path, metavar="PATH", help="backup file (personal data: store it encrypted)")
    restore = sub.add_parser("restore", help="replace the database's content by a backup (stop the server first)")
    restore.add_argument("--from", dest="source", required=True, type=Path, metavar="PATH", help="backup file")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    sub.add_parser("webhooks", help="send the webhooks that are due, once (the server also does it in the background)")
    outbox_parser = sub.add_parser("outbox", help="send what the outbox holds (webhooks, e-mailed reports, digests), "
                                                  "once, or with --loop until stopped (a sender process of its own)")
    outbox_parser.add_argument("--loop", action="store_true", help="keep sending every --interval seconds")
    outbox_parser.add_argument("--interval", type=float, default=15.0, metavar="SECONDS")
    sub.add_parser("send-digests", help="the daily job: notify overdue follow-ups, then queue one e-mail digest per "
                                        "person who chose it (run it once a day: cron or a systemd timer)")
    for name, text in (("serve", "serve the API and the built SPA"),
                       ("demo-server", "fresh SQLite database with demo data, then serve (for e2e tests)")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)

    if args.command == "demo-server":
        db = Path(tempfile.mkdtemp(prefix="binome-e2e-")) / "binome.db"
        os.environ["BINOME_DATABASE_URL"] = f"sqlite:///{db}"
        get_settings.cache_clear()
    use_local_key_in_development()
    settings = get_settings()

    if args.command == "migrate":
        migrate(settings)
        print("Base de données à jour.")
    elif args.command == "seed-demo":
        from api.demo import describe_accounts

        if settings.environment == Environment.production:
            # The demo accounts share a published password: never on a real installation.
            sys.exit("Données de démonstration refusées en production (mot de passe public). "
                     "Créer le premier compte avec `binome create-admin`.")
        print("Données de démonstration chargées." if seed(settings) else "Base déjà remplie : rien chargé.")
        print(describe_accounts())
    elif args.command == "create-admin":
        if code := create_admin(settings, args.email, args.name, args.programme):
            sys.exit(code)
    elif args.command == "accounts":
        from api.demo import describe_accounts

        print(describe_accounts())
    elif args.command == "openapi":
        from api.main import create_app

        json.dump(create_app(settings).openapi(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.command == "retention":
        from api.db import build_engine
        from api.services.privacy import run_retention

        from api import tenancy

        done: list[int] = []
        with Session(build_engine(settings)) as session:
            for _ in tenancy.each_programme(session):  # each programme's cases, under its own rules
                done += run_retention(session, settings, dry_run=args.dry_run)
            session.commit()
        verb = "à anonymiser" if args.dry_run else "anonymisés"
        print(f"Dossiers {verb} : {len(done)}" + (f" ({', '.join(map(str, done))})" if done else ""))
    elif args.command in ("backup", "restore"):
        from api.backup import BackupError, backup, restore as restore_backup  # `restore` is the subparser

        try:
            if args.command == "backup":
                backup(settings, args.to)
                print(f"Sauvegarde écrite : {args.to} (données personnelles : à chiffrer et à ranger à l'abri).")
            elif args.yes or input("La base actuelle sera remplacée par la sauvegarde. Le serveur est-il arrêté ? "
                                   "Taper « oui » pour continuer : ").strip().lower() == "oui":
                restore_backup(settings, args.source)
                print("Base restaurée. Lancer `python -m api.cli migrate` si la sauvegarde est plus ancienne que l'application.")
            else:
                print("Restauration annulée.")
        except BackupError as exc:
            sys.exit(str(exc))
    elif args.command == "webhooks":
        from api.db import build_engine
        from api.services.webhooks import dispatch_due

        print(f"Webhooks tentés : {dispatch_due(build_engine(settings), settings=settings)}")
    elif args.command == "outbox":
        from api.db import build_engine
        from api.main import outbox_senders

        senders = outbox_senders(build_engine(settings), settings)
        if args.loop:
            from api.services.outbox import run_forever

            run_forever(senders, max(args.interval, 0.5), stop=lambda: False)  # until the process is stopped
        for name, send in senders:
            print(f"{name} : {send()} envoi(s) tenté(s)")
    elif args.command == "send-digests":
        from api.db import build_engine
        from api.services.mail import available as mail_available
        from api.services.notifications import send_digests

        from api import tenancy

        runs = []
        with Session(build_engine(settings)) as session:
            for _ in tenancy.each_programme(session):
                runs.append(send_digests(session, settings))
            session.commit()
        overdue, queued, listed = (sum(getattr(r, f) for r in runs) for f in
                                   ("overdue_notified", "digests_queued", "notifications_listed"))
        print(f"Suivis en retard signalés : {overdue}")
        print(f"Résumés mis dans la boîte d'envoi : {queued} ({listed} notification(s))"
              if mail_available(settings) else "L'envoi par e-mail n'est pas configuré : aucun résumé envoyé.")
    elif args.command == "serve":
        serve(settings, args.host, args.port)
    elif args.command == "demo-server":
        migrate(settings)
        seed(settings)
        serve(settings, args.host, args.port)


if __name__ == "__main__":
    main()
