import { env } from "@/env";

export interface MailMessage { to: string; subject: string; text: string }
export interface Mailer { send(message: MailMessage): Promise<void> }

/**
 * Sends through SMTP when SMTP_URL is set; otherwise writes the message to the server log, which is
 * how links reach people in the embedded demo. nodemailer is loaded only when it is used.
 */
export function createMailer(): Mailer {
  const smtpUrl = env.SMTP_URL;
  if (!smtpUrl) {
    return {
      async send(message) {
        console.info(`[mail] to=${message.to} subject="${message.subject}"\n${message.text}\n`);
      },
    };
  }
  let transport: Promise<import("nodemailer").Transporter> | undefined;
  return {
    async send(message) {
      transport ??= import("nodemailer").then((m) => m.default.createTransport(smtpUrl));
      await (await transport).sendMail({ from: env.MAIL_FROM, ...message });
    },
  };
}
