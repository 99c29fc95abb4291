package dev.privacyfirst.events.domain;

/** Browser, OS and device family parsed from a User-Agent; null parts are unknown. */
public record DeviceInfo(String browser, String browserVersion, String os, String device) {}
