# 浏阳市重点项目管理平台 — one image for web (gunicorn), worker and beat (celery).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=liuyang.settings \
    VAR_DIR=/app/var \
    MEDIA_ROOT=/data/media

WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files are collected into the image (var/static, served by whitenoise),
# so no container writes them at start. Uploads live in the /data/media volume.
RUN python manage.py collectstatic --noinput \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin liuyang \
    && mkdir -p /data/media \
    && chown -R liuyang:liuyang /app/var /data

USER liuyang

EXPOSE 8000

CMD ["gunicorn", "liuyang.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
