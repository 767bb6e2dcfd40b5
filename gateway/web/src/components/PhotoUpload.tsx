import { useTranslation } from "react-i18next";
import { useEffect, useId, useRef, useState } from "react";
import { api, toError, uiLanguage } from "../api/client";

/** POST /api/v1/photos: a single-use, minutes-long upload URL (documents service, PhotosApi). */
interface PhotoUploadTicket {
  id: string;
  uploadUrl: string;
  method: string;
  maxBytes: number;
  contentTypes: string[];
}

interface PhotoStatus {
  id: string;
  status: string;
  url: string | null;
  error: string | null;
}

/** Images over 1 MB are scaled to at most this many pixels before upload (the data-flow rule); every upload is. */
export const MAX_SIDE = 1200;
const ACCEPT = "image/jpeg,image/png,image/webp";

interface Crop {
  /** 1 = the largest square that fits; larger zooms in. */
  zoom: number;
  /** Centre of the square, 0..1 of the free room on each axis. */
  x: number;
  y: number;
}

/** The crop's sliders: which value, its name (a translation key) and range. */
const SLIDERS = [
  { key: "zoom", label: "photo.zoom", min: 1, max: 4, step: 0.05 },
  { key: "x", label: "photo.horizontal", min: 0, max: 1, step: 0.01 },
  { key: "y", label: "photo.vertical", min: 0, max: 1, step: 0.01 },
] as const satisfies readonly { key: keyof Crop; label: string; min: number; max: number; step: number }[];

/**
 * The profile photo: choose an image, crop it to the square the templates print (zoom and position, keyboard-operable
 * sliders), see it, upload it, or remove it. The browser does the image work: the crop is drawn to a canvas at most
 * 1200 px wide (anything over 1 MB is scaled down to that), sent as JPEG with a presigned PUT (no token: the URL is the
 * authority), and its id goes into data.profile.photoId like any other edit. `onPreview` gets a data: URI of the photo
 * for the live preview, which prints it exactly as the export will.
 */
export function PhotoUpload({ photoId, onChange, onPreview }: {
  photoId: string | undefined;
  onChange(photoId: string | undefined): void;
  onPreview(dataUri: string | undefined): void;
}) {
  const { t } = useTranslation();
  const inputId = useId();
  const [source, setSource] = useState<{ image: ImageBitmap } | null>(null);
  const [crop, setCrop] = useState<Crop>({ zoom: 1, x: 0.5, y: 0.5 });
  const [shown, setShown] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);

  // A photo saved earlier: show it (and give it to the preview) from its signed URL.
  useEffect(() => {
    if (!photoId || shown) return;
    let cancelled = false;
    void loadSaved(photoId).then((uri) => {
      if (cancelled || !uri) return;
      setShown(uri);
      onPreview(uri);
    });
    return () => {
      cancelled = true;
    };
  }, [photoId]); // eslint-disable-line react-hooks/exhaustive-deps

  // The crop as it will be sent, redrawn on every change.
  useEffect(() => {
    if (source && canvas.current) draw(canvas.current, source.image, crop, 240);
  }, [source, crop]);

  const choose = async (file: File | undefined) => {
    setMessage(null);
    if (!file) return;
    if (!ACCEPT.split(",").includes(file.type)) {
      setMessage(t("photo.wrongType"));
      return;
    }
    try {
      setSource({ image: await createImageBitmap(file) });
      setCrop({ zoom: 1, x: 0.5, y: 0.5 });
    } catch {
      setMessage(t("photo.unreadable"));
    }
  };

  const save = async () => {
    if (!source) return;
    setBusy(true);
    setMessage(null);
    try {
      const side = outputSide(source.image, crop);
      const out = document.createElement("canvas");
      draw(out, source.image, crop, side);
      const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, "image/jpeg", 0.9));
      if (!blob) throw new Error(t("photo.encodeFailed"));
      const ticket = await api.json<PhotoUploadTicket>("/api/v1/photos", { method: "POST" });
      if (blob.size > ticket.maxBytes)
        throw new Error(t("photo.tooLarge", { mb: Math.round(ticket.maxBytes / 1048576) }));
      const put = await fetch(ticket.uploadUrl, {
        method: ticket.method,
        body: blob,
        headers: { "Content-Type": "image/jpeg", "Accept-Language": uiLanguage() },
      });
      if (!put.ok) throw await toError(put);
      const uri = await asDataUri(blob);
      setShown(uri);
      onPreview(uri);
      onChange(ticket.id);
      setSource(null);
      source.image.close();
      setMessage(t("photo.saved"));
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = () => {
    setShown(undefined);
    onPreview(undefined);
    onChange(undefined);
    setMessage(t("photo.removed"));
  };

  const slider = ({ key, label: labelKey, min, max, step }: (typeof SLIDERS)[number]) => {
    const label = t(labelKey);
    return (
      <label key={key} className="photo-slider" style={{ display: "flex", flexDirection: "column", gap: 4 }}>
        {label}
        <input type="range" min={min} max={max} step={step} value={crop[key]} aria-label={label}
          onChange={(e) => setCrop({ ...crop, [key]: Number(e.target.value) })} />
      </label>
    );
  };

  return (
    <section className="card photo-upload" aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`}>{t("photo.title")}</h2>
      {shown && !source && (
        <img
          className="photo-shown"
          src={shown}
          alt={t("photo.alt")}
          width={120}
          height={120}
          style={{ borderRadius: 8 }}
        />
      )}
      {source ? (
        <div className="photo-crop">
          <canvas
            ref={canvas}
            width={240}
            height={240}
            aria-label={t("photo.cropped")}
            role="img"
            style={{ borderRadius: 8, maxWidth: "100%" }}
          />
          {SLIDERS.map(slider)}
          <div className="actions">
            <button type="button" className="btn primary" disabled={busy} onClick={() => void save()}>
              {busy ? t("import.uploading") : t("photo.use")}
            </button>
            <button type="button" className="btn small" disabled={busy} onClick={() => setSource(null)}>
              {t("common.cancel")}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <label className="btn small" htmlFor={inputId}>
            {shown ? t("photo.replace") : t("photo.upload")}
          </label>
          <input id={inputId} className="visually-hidden" type="file" accept={ACCEPT}
            onChange={(e) => {
              void choose(e.target.files?.[0]);
              e.target.value = "";
            }} />
          {shown && (
            <button type="button" className="btn small" onClick={remove}>
              {t("photo.remove")}
            </button>
          )}
        </div>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}

/** The square of the source the crop selects, in source pixels. */
export function cropSquare(width: number, height: number, crop: Crop) {
  const size = Math.min(width, height) / crop.zoom;
  return { sx: (width - size) * crop.x, sy: (height - size) * crop.y, size };
}

/**
 * The uploaded side: the crop's own pixels, at most 1200. That covers the rule for files over 1 MB (scaled to
 * 1200 px) and keeps a small file from being sent larger than the template prints it.
 */
export function outputSide(image: { width: number; height: number }, crop: Crop) {
  return Math.max(1, Math.round(Math.min(cropSquare(image.width, image.height, crop).size, MAX_SIDE)));
}

function draw(target: HTMLCanvasElement, image: ImageBitmap, crop: Crop, side: number) {
  target.width = side;
  target.height = side;
  const context = target.getContext("2d");
  if (!context) return;
  const { sx, sy, size } = cropSquare(image.width, image.height, crop);
  context.imageSmoothingQuality = "high";
  context.drawImage(image, sx, sy, size, size, 0, 0, side, side);
}

function asDataUri(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** The saved photo's small version as a data: URI, or undefined while it is being resized or when it is gone. */
async function loadSaved(photoId: string): Promise<string | undefined> {
  try {
    const status = await api.json<PhotoStatus>(`/api/v1/photos/${encodeURIComponent(photoId)}`);
    if (status.status !== "ready" || !status.url) return undefined;
    const response = await fetch(status.url);
    return response.ok ? await asDataUri(await response.blob()) : undefined;
  } catch {
    return undefined;
  }
}
