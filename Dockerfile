# The app image for docker-compose.yml: gunicorn serving the Flask app, no embedded database.
# Front-end packages (ReDoc) from npm, pinned by web/package-lock.json.
FROM node:20-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HOST=0.0.0.0 PORT=5000
WORKDIR /app

COPY pyproject.toml README.md ./
COPY classifier classifier
COPY db db
COPY online online
COPY server server
COPY web web
COPY --from=web /web/node_modules/redoc/bundles/redoc.standalone.js web/node_modules/redoc/bundles/
RUN pip install --no-cache-dir . && useradd --system app
# numba compiles the model's loops on first use into this cache: compiled here, at build time,
# so that no worker compiles at start (the app user cannot write into site-packages).
ENV NUMBA_CACHE_DIR=/app/numba-cache
RUN python -c "from classifier import MovieClassifier; MovieClassifier().classify('A warm-up.')" \
    && chown -R app /app/numba-cache
ENV WEB_DIR=/app/web
USER app

EXPOSE 5000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5000/health')"
CMD ["gunicorn", "-c", "server/gunicorn_conf.py", "server:create_app()"]
