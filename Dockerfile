# ozwb: web service, workers and CLI in one slim image.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY engine engine
COPY api api
COPY worker worker
COPY sandbox sandbox
COPY cli cli
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# `docker run -p 8000:8000 IMAGE` alone: the demo service with its state on /data (compose sets its own).
ENV OZWB_DATABASE_URL=sqlite:////data/ozwb.sqlite3 OZWB_FILES_DIR=/data/files OZWB_CACHE_DIR=/data/cache
RUN useradd --create-home --uid 10001 ozwb
RUN mkdir -p /data && chown ozwb:ozwb /data  # the compose volume for files and cache starts owned by ozwb
COPY --from=build /install /usr/local
COPY --chown=ozwb:ozwb samples /app/samples
# Pages: the installed api package finds these in the working directory (see api.templating.resource_dir).
COPY --chown=ozwb:ozwb templates /app/templates
COPY --chown=ozwb:ozwb api/static /app/static
WORKDIR /app
USER ozwb
EXPOSE 8000 8099
ENTRYPOINT ["ozwb"]
CMD ["serve", "--demo", "--host", "0.0.0.0"]
