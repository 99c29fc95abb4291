package dev.privacyfirst.email.domain;

/**
 * One message to send.
 *
 * @param recipient who it is for
 * @param categoryId its category (decides the checks and the footer)
 * @param content subject and paragraphs
 * @param campaignId the campaign it belongs to, or null (only tags the open-tracking event)
 */
public record MailRequest(
    Recipient recipient, String categoryId, MessageContent content, String campaignId) {}
