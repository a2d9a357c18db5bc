"""Admin commands: `python -m api.cli <command>` (also installed as `binome`)."""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlmodel import Session

from api.settings import ROOT, Settings, get_settings


def alembic_config() -> Config:
    return Config(str(ROOT / "alembic.ini"))


def migrate(settings: Settings) -> None:
    from api.db import build_engine

    from api.services.reference_data import seed_defaults

    engine = build_engine(settings)
    with engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
    with Session(engine) as session:
        seed_defaults(session)  # sourced reference values, only into empty tables
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
    sub.add_parser("seed-demo", help="load the demo data into an empty database")
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
    settings = get_settings()

    if args.command == "migrate":
        migrate(settings)
        print("Base de données à jour.")
    elif args.command == "seed-demo":
        from api.demo import describe_accounts

        print("Données de démonstration chargées." if seed(settings) else "Base déjà remplie : rien chargé.")
        print(describe_accounts())
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

        with Session(build_engine(settings)) as session:
            done = run_retention(session, settings, dry_run=args.dry_run)
            session.commit()
        verb = "à anonymiser" if args.dry_run else "anonymisés"
        print(f"Dossiers {verb} : {len(done)}" + (f" ({', '.join(map(str, done))})" if done else ""))
    elif args.command in ("backup", "restore"):
        from api.backup import BackupError, backup, restore

        try:
            if args.command == "backup":
                backup(settings, args.to)
                print(f"Sauvegarde écrite : {args.to} (données personnelles : à chiffrer et à ranger à l'abri).")
            elif args.yes or input("La base actuelle sera remplacée par la sauvegarde. Le serveur est-il arrêté ? "
                                   "Taper « oui » pour continuer : ").strip().lower() == "oui":
                restore(settings, args.source)
                print("Base restaurée. Lancer `python -m api.cli migrate` si la sauvegarde est plus ancienne que l'application.")
            else:
                print("Restauration annulée.")
        except BackupError as exc:
            sys.exit(str(exc))
    elif args.command == "webhooks":
        from api.db import build_engine
        from api.services.webhooks import dispatch_due

        print(f"Webhooks tentés : {dispatch_due(build_engine(settings), timeout=settings.webhook_timeout_seconds)}")
    elif args.command == "serve":
        serve(settings, args.host, args.port)
    elif args.command == "demo-server":
        migrate(settings)
        seed(settings)
        serve(settings, args.host, args.port)


if __name__ == "__main__":
    main()
