import { describe, expect, it } from 'vitest';
import { checkAttachment, contentDisposition, downloadContentType } from '../../../../../workbench/server/attachments/checks.ts';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n', 'latin1').toString('base64');

describe('attachment checks', () => {
  it('accepts a PDF whose bytes, name and type agree', () => {
    const check = checkAttachment({ name: '现场照片说明.pdf', contentType: 'application/pdf', contentBase64: PDF, description: ' 整改前 ' }, 1024);
    expect(check.ok && check.attachment).toMatchObject({ name: '现场照片说明.pdf', contentType: 'application/pdf', description: '整改前' });
  });

  it('refuses other types, mismatched names and content that is not what it claims, per field in both languages', () => {
    const exe = checkAttachment({ name: 'setup.exe', contentType: 'application/x-msdownload', contentBase64: PDF }, 1024);
    expect(exe.ok).toBe(false);
    expect(!exe.ok && exe.fields.map((field) => field.field)).toEqual(['contentType']);
    expect(!exe.ok && exe.fields[0]?.zh).toContain('不支持的文件类型');
    const renamed = checkAttachment({ name: 'report.docx', contentType: 'application/pdf', contentBase64: PDF }, 1024);
    expect(!renamed.ok && renamed.fields[0]).toMatchObject({ field: 'name' });
    const fake = checkAttachment({ name: 'photo.png', contentType: 'image/png', contentBase64: PDF }, 1024);
    expect(!fake.ok && fake.fields[0]).toMatchObject({ field: 'contentBase64', en: expect.stringContaining('not a PNG file') });
    const text = checkAttachment({ name: '说明.txt', contentType: 'text/plain; charset=utf-8', contentBase64: Buffer.from('整改情况说明').toString('base64') }, 1024);
    expect(text.ok).toBe(true);
  });

  it('answers 413 above the size limit without decoding, and 400 for broken base64 or a path in the name', () => {
    const big = checkAttachment({ name: 'a.pdf', contentType: 'application/pdf', contentBase64: Buffer.alloc(2048, 0x25).toString('base64') }, 1024);
    expect(!big.ok && big.status).toBe(413);
    expect(!big.ok && big.fields.at(-1)?.zh).toContain('超过上限');
    const broken = checkAttachment({ name: 'a.pdf', contentType: 'application/pdf', contentBase64: '%%%' }, 1024);
    expect(!broken.ok && broken.status).toBe(400);
    const path = checkAttachment({ name: '../etc/a.pdf', contentType: 'application/pdf', contentBase64: PDF }, 1024);
    expect(!path.ok && path.fields[0]?.field).toBe('name');
  });

  it('downloads with a Chinese file name and only accepted types', () => {
    expect(contentDisposition('整改报告.pdf')).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('整改报告.pdf')}`);
    expect(downloadContentType('application/pdf')).toBe('application/pdf');
    expect(downloadContentType('text/html')).toBe('application/octet-stream');
  });
});
