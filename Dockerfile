# prepbot container image: `docker compose up -d` (see README, "Deploy").
# Without a Discord or Slack token `prepbot run` opens the console, which needs a terminal:
#   docker compose run --rm bot prepbot console
ARG PYTHON_IMAGE=python:3.11.17-slim-bookworm

# Stage 1: a virtual environment with the pinned dependencies and the prepbot wheel.
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/prepbot
WORKDIR /src
# Dependencies first, so a code change does not reinstall them.
COPY constraints.txt ./
RUN /opt/prepbot/bin/pip install --no-cache-dir -r constraints.txt
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY adapters/ adapters/
COPY scheduler/ scheduler/
COPY content/ content/
RUN /opt/prepbot/bin/pip wheel --no-cache-dir --no-deps --wheel-dir /dist . \
 && /opt/prepbot/bin/pip install --no-cache-dir -c constraints.txt /dist/prepbot-*.whl \
 && /opt/prepbot/bin/pip check

# Stage 2: the runtime, with no build context inside; the question packs ship in the wheel.
FROM ${PYTHON_IMAGE}
# The heartbeat describes this container alone, so it stays off the data volume that replicas share.
ENV PATH=/opt/prepbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PREPBOT_DATABASE_URL=sqlite:////app/data/prepbot.db \
    PREPBOT_HEALTH_FILE=/tmp/prepbot/heartbeat.json \
    PREPBOT_HTTP_HOST=0.0.0.0
RUN groupadd --system --gid 10001 prepbot \
 && useradd --system --uid 10001 --gid prepbot --home-dir /app --no-create-home \
    --shell /usr/sbin/nologin prepbot
COPY --from=build /opt/prepbot /opt/prepbot
WORKDIR /app
# A named volume mounted here starts with this directory's owner, so SQLite can write.
RUN mkdir -p /app/data && chown prepbot:prepbot /app/data
# Numeric, so a runtime can verify it is not root (Kubernetes runAsNonRoot).
USER 10001:10001
# Slack HTTP mode only (Socket Mode and Discord connect outwards).
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["prepbot", "health"]
STOPSIGNAL SIGTERM
CMD ["prepbot", "run"]
