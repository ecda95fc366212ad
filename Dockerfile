# ozwb: web service, workers and CLI in one slim image.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY engine engine
COPY api api
COPY worker worker
COPY sandbox sandbox
COPY cli cli
COPY samples samples
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN useradd --create-home --uid 10001 ozwb
COPY --from=build /install /usr/local
COPY --chown=ozwb:ozwb samples /app/samples
WORKDIR /app
USER ozwb
EXPOSE 8000 8099
ENTRYPOINT ["ozwb"]
CMD ["demo"]
