# Stage 1: build the SPA.
FROM node:20-bookworm-slim AS spa
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# Stage 2: the API, serving the built SPA.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    BINOME_ENVIRONMENT=production BINOME_SPA_DIR=/app/frontend/dist
WORKDIR /app
# pango for WeasyPrint (the tagged PDF documents), with the DejaVu fonts bundled in api/documents/fonts.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml ./
COPY api/ api/
RUN pip install --no-cache-dir .
COPY alembic.ini ./
COPY migrations/ migrations/
COPY --from=spa /src/frontend/dist frontend/dist
RUN useradd --system --uid 10001 binome && mkdir -p var/attachments && chown -R binome var && chmod 700 var/attachments
USER binome
EXPOSE 8000
# Migrations run at start (idempotent); then uvicorn serves API and SPA.
CMD ["sh", "-c", "python -m api.cli migrate && uvicorn --factory api.main:create_app --host 0.0.0.0 --port 8000 --no-proxy-headers"]
